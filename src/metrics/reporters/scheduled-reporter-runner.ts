import { MetricReportFailedError, describeThrown } from '../../errors.js'
import type { MetricReporter, ReporterLog } from './metric-reporter.js'

/**
 * Calls a push reporter every interval, never with two reports in flight (a tick that finds the previous report
 * still running is skipped). A failure is logged once with the reporter's name and target; further failures stay
 * quiet until a report succeeds again, which is logged too. Nothing here throws into the job.
 */
export class ScheduledReporterRunner {
  readonly #name: string
  readonly #reporter: MetricReporter & { report(): Promise<void> }
  readonly #intervalMs: number
  readonly #log: ReporterLog
  #timer: NodeJS.Timeout | undefined
  #inFlight: Promise<void> | undefined
  #isFailing = false

  constructor(name: string, reporter: MetricReporter & { report(): Promise<void> }, intervalMs: number, log: ReporterLog) {
    this.#name = name
    this.#reporter = reporter
    this.#intervalMs = intervalMs
    this.#log = log
  }

  start(): void {
    this.#timer = setInterval(() => { void this.reportNow() }, this.#intervalMs)
    // a reporter never keeps a finished job's process alive
    this.#timer.unref()
  }

  /** Runs one report unless one is in flight; resolves when it (or the one in flight) ended. */
  reportNow(): Promise<void> {
    if (this.#inFlight !== undefined) return this.#inFlight
    const run = this.#reporter.report().then(
      () => {
        if (this.#isFailing) this.#log(`metric reporter '${this.#name}' reports to ${this.#reporter.target} again`)
        this.#isFailing = false
      },
      (thrown: unknown) => {
        if (this.#isFailing) return
        this.#isFailing = true
        const error = new MetricReportFailedError(this.#name, this.#reporter.target, describeThrown(thrown))
        this.#log(`warning: ${error.message} [${error.code}]; the job goes on, retrying every ${formatInterval(this.#intervalMs)}` +
          ' (further failures are not logged until a report succeeds)')
      },
    ).finally(() => { this.#inFlight = undefined })
    this.#inFlight = run
    return run
  }

  /** Stops the schedule and waits for a report in flight (reports have their own timeouts). */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#inFlight
  }
}

function formatInterval(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}
