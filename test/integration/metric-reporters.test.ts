// The metric reporters against the real servers from Debian's packages, through the real CLI running a small job:
// Pushgateway, Prometheus scraping the pull endpoint, InfluxDB 1.x, carbon-cache (TCP and UDP), and unreachable
// servers, which must never stop the job. A suite whose server is not installed is skipped, naming the package and
// scripts/install-test-dependencies.sh, except in CI (see metric-server-packages.ts).
import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { describeWithMetricServers } from '../support/metric-server-packages.js'
import {
  freePort, influxQuery, promQuery, pushgatewayGroups, startCarbon, startInfluxd, startPrometheus, startPushgateway,
  tryFetch, whisperPoints, type RunningServer,
} from '../support/metric-servers.js'
import { pollUntil } from '../support/poll-until.js'
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js'

const JOB = 'test/integration/jobs/metrics-steady.job.ts'
const PUSHGATEWAY_FACTORY = 'org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory'

function dynamicProperties(properties: Readonly<Record<string, string>>): string[] {
  return Object.entries(properties).flatMap(([key, value]) => ['-D', `${key}=${value}`])
}

/** Starts the steady job with these properties; endless unless `events` is given. */
function runJob(properties: Readonly<Record<string, string>>, events?: number): SpawnedCli {
  return spawnCli(['run', JOB, '-p', '2', ...dynamicProperties(properties), '--', ...(events === undefined ? [] : ['--events', String(events)])])
}

/** Interrupts an endless job like Ctrl-C would and waits for the CLI to end. */
async function interrupt(cli: SpawnedCli): Promise<{ exitCode: number | null; stderr: string }> {
  cli.child.kill('SIGTERM')
  return cli.exited
}

describeWithMetricServers('Prometheus Pushgateway reporter', ['prometheus-pushgateway'], () => {
  let gateway: RunningServer & { url: string }
  before(async () => { gateway = await startPushgateway() })
  after(async () => { await gateway?.stop() })

  it('pushes under the job name with a random suffix and the grouping key, and deletes the group when the job ends', async () => {
    const cli = runJob({
      'metrics.reporter.promgateway.factory.class': PUSHGATEWAY_FACTORY,
      'metrics.reporter.promgateway.hostUrl': gateway.url,
      'metrics.reporter.promgateway.jobName': 'sluice-it-',
      'metrics.reporter.promgateway.randomJobNameSuffix': 'true',
      'metrics.reporter.promgateway.groupingKey': 'instance=ci;k1=v1',
      'metrics.reporter.promgateway.interval': '200 ms',
    })
    try {
      const group = await pollUntil(() => `a pushed group; stderr: ${cli.output().stderr}`, async () => (await pushgatewayGroups(gateway.url))
        .find((g) => g.labels['job']?.startsWith('sluice-it-') && g.metricNames.includes('flink_taskmanager_job_task_numRecordsIn')),
      { timeoutMs: 30_000, intervalMs: 100 })
      assert.match(group.labels['job']!, /^sluice-it-[0-9a-f]{32}$/)
      assert.equal(group.labels['instance'], 'ci')
      assert.equal(group.labels['k1'], 'v1')
      assert.ok(group.metricNames.includes('flink_jobmanager_job_uptime'), group.metricNames.join(', '))
      const result = await interrupt(cli)
      assert.equal(result.exitCode, 130, result.stderr)
      const left = (await pushgatewayGroups(gateway.url)).filter((g) => g.labels['job'] === group.labels['job'])
      assert.deepEqual(left, [], 'deleteOnShutdown (default true) removes the group')
    } finally {
      cli.child.kill('SIGKILL')
    }
  })

  it('keeps the group after the job when deleteOnShutdown is false, under the jobName given with -D', async () => {
    const cli = runJob({
      'metrics.reporter.promgateway.factory.class': PUSHGATEWAY_FACTORY,
      'metrics.reporter.promgateway.hostUrl': gateway.url,
      'metrics.reporter.promgateway.jobName': 'sluice-from-dash-d',
      'metrics.reporter.promgateway.randomJobNameSuffix': 'false',
      'metrics.reporter.promgateway.deleteOnShutdown': 'false',
      'metrics.reporter.promgateway.interval': '200 ms',
    })
    try {
      await pollUntil(() => `a pushed group; stderr: ${cli.output().stderr}`, async () => (await pushgatewayGroups(gateway.url))
        .find((g) => g.labels['job'] === 'sluice-from-dash-d' && g.metricNames.includes('flink_taskmanager_job_task_numRecordsIn')),
      { timeoutMs: 30_000, intervalMs: 100 })
      const result = await interrupt(cli)
      assert.equal(result.exitCode, 130, result.stderr)
      const left = (await pushgatewayGroups(gateway.url)).filter((g) => g.labels['job'] === 'sluice-from-dash-d')
      assert.equal(left.length, 1, 'the group stays')
    } finally {
      cli.child.kill('SIGKILL')
    }
  })
})

describeWithMetricServers('Prometheus reporter', ['prometheus'], () => {
  it('serves an endpoint that a real Prometheus scrapes, so PromQL finds Sluice metrics under Flink names', async () => {
    const port = await freePort()
    const cli = runJob({
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      'metrics.reporter.prom.port': `${port}-${port + 10}`,
    })
    let prometheus: (RunningServer & { url: string }) | undefined
    try {
      const endpoint = await pollUntil(() => `the reporter's endpoint; stderr: ${cli.output().stderr}`, () => {
        const match = /Metric reporter 'prom' \(prometheus\) started: http:\/\/(127\.0\.0\.1:\d+)\/metrics/.exec(cli.output().stderr)
        return match?.[1]
      }, { timeoutMs: 30_000, intervalMs: 50 })
      assert.equal((await tryFetch(`http://${endpoint}/metrics`))?.status, 200)
      prometheus = await startPrometheus(endpoint)
      const url = prometheus.url
      const series = await pollUntil(() => `a scraped numRecordsIn > 0; prometheus: ${prometheus?.output().slice(-2000)}`,
        async () => {
          const result = await promQuery(url, 'flink_taskmanager_job_task_numRecordsIn > 0')
          return result.length > 0 ? result : undefined
        }, { timeoutMs: 60_000, intervalMs: 250 })
      const labels = series[0]!.metric
      assert.equal(labels['job_name'], 'metrics_steady', 'filterLabelValueCharacters (default true) replaces the space')
      assert.match(labels['task_name'] ?? '', /Double/)
      assert.match(labels['subtask_index'] ?? '', /^[01]$/)
      assert.match(labels['tm_id'] ?? '', /^sluice_tm_[01]$/, 'sluice-tm-<n> with its dashes filtered')
      const heap = await promQuery(url, 'flink_jobmanager_Status_JVM_Memory_Heap_Used')
      assert.ok(heap.length > 0 && Number(heap[0]!.value[1]) > 0, 'the JobManager heap is scraped too')
      const result = await interrupt(cli)
      assert.equal(result.exitCode, 130, result.stderr)
    } finally {
      cli.child.kill('SIGKILL')
      await prometheus?.stop()
    }
  })
})

describeWithMetricServers('InfluxDB reporter', ['influxdb'], () => {
  let influx: RunningServer & { url: string }
  before(async () => { influx = await startInfluxd('sluice') })
  after(async () => { await influx?.stop() })

  it('writes points with Flink measurement names and the variables as tags', async () => {
    const cli = runJob({
      'metrics.reporter.influx.factory.class': 'org.apache.flink.metrics.influxdb.InfluxdbReporterFactory',
      'metrics.reporter.influx.host': '127.0.0.1',
      'metrics.reporter.influx.port': String(influx.port),
      'metrics.reporter.influx.db': 'sluice',
      'metrics.reporter.influx.interval': '300 ms',
    }, 5000)
    const result = await cli.exited
    assert.equal(result.exitCode, 0, result.stderr)
    assert.doesNotMatch(result.stderr, /SLUICE_METRICS_REPORT_FAILED/)
    const series = await pollUntil('points in taskmanager_job_task_numRecordsIn', async () => {
      const found = await influxQuery(influx.url, 'sluice', 'SELECT "count" FROM "taskmanager_job_task_numRecordsIn" GROUP BY *')
      return found.length > 0 ? found : undefined
    }, { timeoutMs: 10_000, intervalMs: 100 })
    const double = series.find((s) => s.tags?.['task_name']?.includes('Double'))
    assert.ok(double !== undefined, JSON.stringify(series))
    assert.equal(double.tags?.['job_name'], 'metrics steady')
    assert.ok(double.values.some(([, count]) => typeof count === 'number' && count > 0), JSON.stringify(double.values))
  })
})

describeWithMetricServers('Graphite reporter', ['graphite-carbon', 'python3-whisper'], () => {
  let carbon: RunningServer & { whisperDir: string }
  before(async () => { carbon = await startCarbon() })
  after(async () => { await carbon?.stop() })

  for (const protocol of ['TCP', 'UDP'] as const) {
    it(`sends plaintext lines over ${protocol} that carbon stores in whisper files`, async () => {
      const root = `sluice_${protocol.toLowerCase()}`
      const startedAt = Math.floor(Date.now() / 1000) - 5
      const cli = runJob({
        'metrics.scope.task': `${root}.<task_id>.<subtask_index>`,
        'metrics.reporter.grph.factory.class': 'org.apache.flink.metrics.graphite.GraphiteReporterFactory',
        'metrics.reporter.grph.host': '127.0.0.1',
        'metrics.reporter.grph.port': String(carbon.port),
        'metrics.reporter.grph.protocol': protocol,
        'metrics.reporter.grph.interval': '300 ms',
        'metrics.reporter.grph.filter.includes': 'taskmanager.job.task:numRecordsIn:counter',
      }, 5000)
      const result = await cli.exited
      assert.equal(result.exitCode, 0, result.stderr)
      const points = await pollUntil(() => `whisper points under ${root}; carbon: ${carbon.output().slice(-2000)}`, async () => {
        const files = await whisperFiles(join(carbon.whisperDir, root))
        const counts = files.filter((f) => f.endsWith(join('numRecordsIn', 'count.wsp')))
        for (const file of counts) {
          const found = (await whisperPoints(file, startedAt)).filter(([, value]) => value > 0)
          if (found.length > 0) return found
        }
        return undefined
      }, { timeoutMs: 20_000, intervalMs: 200 })
      assert.ok(points.length > 0)
    })
  }
})

async function whisperFiles(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return []
  }
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? whisperFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))))
  return nested.flat()
}

describe('a reporter whose server is down', () => {
  it('does not stop the job, and its failure is logged once per reporter with the target', async () => {
    const graphitePort = await freePort()
    const influxPort = await freePort()
    const cli = runJob({
      'metrics.reporter.grph.factory.class': 'graphite',
      'metrics.reporter.grph.host': '127.0.0.1',
      'metrics.reporter.grph.port': String(graphitePort),
      'metrics.reporter.grph.interval': '100 ms',
      'metrics.reporter.influx.factory.class': 'org.apache.flink.metrics.influxdb.InfluxdbReporterFactory',
      'metrics.reporter.influx.host': '127.0.0.1',
      'metrics.reporter.influx.port': String(influxPort),
      'metrics.reporter.influx.db': 'sluice',
      'metrics.reporter.influx.interval': '100 ms',
    }, 4000)
    const result = await cli.exited
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stderr, /finished in/)
    const failures = result.stderr.split('\n').filter((line) => line.includes('SLUICE_METRICS_REPORT_FAILED'))
    assert.equal(failures.filter((l) => l.includes("'grph'")).length, 1, result.stderr)
    assert.equal(failures.filter((l) => l.includes("'influx'")).length, 1, result.stderr)
    assert.ok(failures.some((l) => l.includes(`tcp://127.0.0.1:${graphitePort}`)), failures.join('\n'))
  })
})
