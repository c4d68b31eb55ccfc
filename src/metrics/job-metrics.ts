import { hostname } from 'node:os'
import type { Configuration } from '../config/configuration.js'
import { NUM_TASK_SLOTS } from '../config/options/task-manager-options.js'
import { SluiceError, describeThrown } from '../errors.js'
import { type Clock, systemClock } from '../util/clock.js'
import { registerJobMetricGroups } from './job-metric-groups.js'
import { MetricRegistry } from './metric-registry.js'
import type { MonitoredJob } from './monitored-job.js'
import { ProcessMetrics } from './process-metrics.js'
import { createReporter } from './reporters/create-reporter.js'
import type { MetricReporter, ReporterLog } from './reporters/metric-reporter.js'
import { type ReporterSetup, reporterSetupsFrom } from './reporters/reporter-setup.js'
import { ScheduledReporterRunner } from './reporters/scheduled-reporter-runner.js'
import { scopeFormatsFrom } from './scope-format.js'

/** How long stopping waits for reporters (a final delete, a send in flight) before giving up on them. */
const STOP_TIMEOUT_MS = 15_000

/** The metric system of one running job: its registry and reporters; `stop` ends the reporters (idempotent). */
export interface JobMetrics {
  readonly registry: MetricRegistry
  /** The reporters by name, once opened (e.g. to ask a PrometheusReporter for its port). */
  readonly reporters: ReadonlyMap<string, MetricReporter>
  stop(): Promise<void>
}

/** Optional collaborators of startJobMetrics; the defaults are the real ones. */
export interface JobMetricsOptions {
  readonly log?: ReporterLog
  readonly clock?: Clock
  /** The `<host>` scope variable; the machine's host name by default. */
  readonly host?: string
}

/**
 * Starts the metric system for a running job (`sluice run`): registers the job's metrics under Flink's scopes and
 * starts the reporters configured under `metrics.reporter.<name>.*`. A reporter configuration error cancels the
 * job and is thrown (it is the user's to fix); a reporter that fails at run time is logged and never stops the
 * job. The reporters stop when the job ends, or earlier through `stop`.
 */
export async function startJobMetrics(job: MonitoredJob, configuration: Configuration, options: JobMetricsOptions = {}): Promise<JobMetrics> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const clock = options.clock ?? systemClock
  const registry = new MetricRegistry()
  let setups
  try {
    setups = reporterSetupsFrom(configuration)
  } catch (thrown) {
    await job.cancel()
    throw thrown
  }
  const reporters = new Map<string, MetricReporter>()
  if (setups.length === 0) return { registry, reporters, stop: async () => {} }

  const processMetrics = new ProcessMetrics(clock)
  processMetrics.start()
  registerJobMetricGroups({
    registry, job, clock, processMetrics,
    scopeFormats: scopeFormatsFrom(configuration),
    host: options.host ?? hostname(),
    slotsPerWorker: configuration.get(NUM_TASK_SLOTS),
  })
  try {
    for (const setup of setups) reporters.set(setup.settings.name, createReporter(setup, { registry, clock, log }))
  } catch (thrown) {
    processMetrics.stop()
    await job.cancel()
    throw thrown
  }
  const runners: ScheduledReporterRunner[] = []
  for (const setup of setups) {
    const runner = await openReporter(setup, reporters, log)
    if (runner !== undefined) runners.push(runner)
  }

  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopped ??= withTimeout((async () => {
      await Promise.all(runners.map((runner) => runner.stop()))
      await Promise.all([...reporters].map(async ([name, reporter]) => {
        try {
          await reporter.close()
        } catch (thrown) {
          log(`warning: metric reporter '${name}' did not close cleanly (${reporter.target}): ${describeThrown(thrown)}`)
        }
      }))
    })(), STOP_TIMEOUT_MS).finally(() => processMetrics.stop())
    return stopped
  }
  job.onStatusChange((status) => {
    if (status === 'FINISHED' || status === 'FAILED' || status === 'CANCELED') void stop()
  })
  return { registry, reporters, stop }
}

/**
 * Opens a setup's reporter and, for a scheduled one, starts reporting: returns its runner. A reporter that does not
 * open is logged and dropped; the job runs without it.
 */
async function openReporter(setup: ReporterSetup, reporters: Map<string, MetricReporter>, log: ReporterLog): Promise<ScheduledReporterRunner | undefined> {
  const name = setup.settings.name
  const reporter = reporters.get(name)!
  try {
    await reporter.open()
  } catch (thrown) {
    const code = thrown instanceof SluiceError ? ` [${thrown.code}]` : ''
    log(`warning: metric reporter '${name}' did not start: ${thrown instanceof Error ? thrown.message : describeThrown(thrown)}${code}; the job runs without it`)
    reporters.delete(name)
    return undefined
  }
  const report = reporter.report?.bind(reporter)
  log(`Metric reporter '${name}' (${setup.kind}) started: ${reporter.target}` + (report !== undefined ? `, every ${setup.settings.intervalMs} ms` : ''))
  if (report === undefined) return undefined
  const runner = new ScheduledReporterRunner(name, { target: reporter.target, open: reporter.open.bind(reporter), close: reporter.close.bind(reporter), report }, setup.settings.intervalMs, log)
  runner.start()
  return runner
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
