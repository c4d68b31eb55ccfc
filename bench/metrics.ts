// The cost of observability: Nexmark q5 at p=2 without metrics, with latency tracking every 1 s
// (operator granularity), and with every reporter on (Prometheus pull, scraped every second;
// Pushgateway, InfluxDB and Graphite against the real servers from Debian's packages; the log
// reporter), all in one run and interleaved (only ratios within a run mean something). Targets:
// latency tracking ÷ none ≥ 0.95, reporters ÷ none ≥ 0.97. Throughput is counted per CPU second of
// the Sluice process (process.cpuUsage: coordinator and workers), because on this two-core machine
// the metric servers receiving the reports run beside the job and take CPU from it; wall-clock
// throughput, which includes that, is printed too.
// Run: npm run bench:metrics [-- --events N --rounds R]
import { submitJob } from '../src/job/submit-job.js'
import { startJobMetrics, type JobMetrics } from '../src/metrics/job-metrics.js'
import type { PrometheusReporter } from '../src/metrics/reporters/prometheus-reporter.js'
import { freePort, startCarbon, startInfluxd, startPushgateway, type RunningServer } from '../test/support/metric-servers.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(name)
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback
}
const EVENTS = Number(option('--events', '10000000'))
const ROUNDS = Number(option('--rounds', '2'))
/** Only these reporters (comma-separated names: prom, promgateway, influx, grph, log), to find which one costs. */
const ONLY = option('--reporters', 'prom,promgateway,influx,grph,log').split(',')

type Setup = 'none' | 'latency' | 'reporters'

interface Throughput { readonly perCpuSecond: number; readonly perSecond: number }

async function run(setup: Setup, reporterEntries: readonly [string, string][]): Promise<Throughput> {
  const entries: [string, string][] = [['parallelism.default', '2']]
  if (setup === 'latency') entries.push(['metrics.latency.interval', '1s'], ['metrics.latency.granularity', 'operator'])
  if (setup === 'reporters') entries.push(...reporterEntries.filter(([key]) => ONLY.includes(key.split('.')[2]!)))
  const { jobMaster, configuration } = await submitJob({
    jobPath: 'examples/nexmark/q5.ts',
    configEntries: entries.map(([key, value]) => ({ key, value, origin: 'bench' })),
    jobArgs: ['--events', String(EVENTS), '--seed', '42'],
  })
  let runningAtMs: number | undefined
  let cpuAtRunning: NodeJS.CpuUsage | undefined
  jobMaster.onStatusChange((status) => {
    if (status !== 'RUNNING') return
    runningAtMs = performance.now()
    cpuAtRunning = process.cpuUsage()
  })
  const metrics: JobMetrics | undefined = setup === 'reporters' ? await startJobMetrics(jobMaster, configuration, { log: () => {} }) : undefined
  // a Prometheus server scrapes the pull endpoint every second; the bench does it in its stead
  const prometheus = metrics?.reporters.get('prom') as PrometheusReporter | undefined
  const scraper = prometheus === undefined ? undefined
    : setInterval(() => { void fetch(prometheus.target).then((r) => r.text()).catch(() => undefined) }, 1000)
  const result = await jobMaster.result()
  const cpu = process.cpuUsage(cpuAtRunning)
  const seconds = (performance.now() - (runningAtMs ?? 0)) / 1000
  clearInterval(scraper)
  await metrics?.stop()
  if (result.status !== 'FINISHED' || runningAtMs === undefined) throw new Error(`q5 ended ${result.status}: ${result.failure?.message}`)
  return { perCpuSecond: EVENTS / ((cpu.user + cpu.system) / 1e6), perSecond: EVENTS / seconds }
}

const servers: RunningServer[] = []
try {
  const pushgateway = await startPushgateway()
  const influx = await startInfluxd('sluice')
  const carbon = await startCarbon()
  servers.push(pushgateway, influx, carbon)
  const promPort = await freePort()
  const reporterEntries: [string, string][] = [
    ['metrics.reporter.prom.factory.class', 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory'],
    ['metrics.reporter.prom.port', `${promPort}-${promPort + 20}`],
    ['metrics.reporter.promgateway.factory.class', 'org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory'],
    ['metrics.reporter.promgateway.hostUrl', pushgateway.url],
    ['metrics.reporter.promgateway.interval', '1s'],
    ['metrics.reporter.influx.factory.class', 'org.apache.flink.metrics.influxdb.InfluxdbReporterFactory'],
    ['metrics.reporter.influx.host', '127.0.0.1'],
    ['metrics.reporter.influx.port', String(influx.port)],
    ['metrics.reporter.influx.db', 'sluice'],
    ['metrics.reporter.influx.interval', '1s'],
    ['metrics.reporter.grph.factory.class', 'org.apache.flink.metrics.graphite.GraphiteReporterFactory'],
    ['metrics.reporter.grph.host', '127.0.0.1'],
    ['metrics.reporter.grph.port', String(carbon.port)],
    ['metrics.reporter.grph.interval', '1s'],
    ['metrics.reporter.log.factory.class', 'org.apache.flink.metrics.slf4j.Slf4jReporterFactory'],
    ['metrics.reporter.log.interval', '1s'],
  ]
  console.log(`Nexmark q5, ${EVENTS.toLocaleString('en-US')} events, p=2, ${ROUNDS} interleaved rounds, Node ${process.version}`)
  const results = new Map<Setup, Throughput[]>([['none', []], ['latency', []], ['reporters', []]])
  // none opens and closes every round, so drift over the run affects every setup alike
  for (let round = 0; round < ROUNDS; round++) {
    for (const setup of ['none', 'latency', 'reporters', 'none'] as const) results.get(setup)!.push(await run(setup, reporterEntries))
  }
  const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length
  const perCpu = (setup: Setup): number => mean(results.get(setup)!.map((r) => r.perCpuSecond))
  const perWall = (setup: Setup): number => mean(results.get(setup)!.map((r) => r.perSecond))
  const noneCpu = results.get('none')!.map((r) => r.perCpuSecond)
  const spread = (Math.max(...noneCpu) - Math.min(...noneCpu)) / perCpu('none')
  const format = (value: number): string => Math.round(value).toLocaleString('en-US').padStart(11)
  console.log(`${''.padEnd(26)} events/CPU-s   ÷ none  target   events/s (wall)  ÷ none`)
  console.log(`${'no metrics'.padEnd(26)} ${format(perCpu('none'))}                   ${format(perWall('none'))}   (${noneCpu.length} runs, ${(spread * 100).toFixed(0)} % apart per CPU-s)`)
  for (const [setup, label, target] of [['latency', 'latency tracking 1 s', 0.95], ['reporters', `reporters: ${ONLY.join(', ')}`, 0.97]] as const) {
    console.log(`${label.slice(0, 26).padEnd(26)} ${format(perCpu(setup))}    ${(perCpu(setup) / perCpu('none')).toFixed(3)}  ≥ ${target}  ` +
      `${format(perWall(setup))}    ${(perWall(setup) / perWall('none')).toFixed(3)}`)
  }
} finally {
  for (const server of servers) await server.stop()
}
