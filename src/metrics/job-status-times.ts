import type { Clock } from '../util/clock.js'

/** The statuses with a `<status>Time` gauge (Flink's JobStatusMetrics: non-terminal, RECONCILING excluded). */
export const TIMED_JOB_STATUSES = ['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'CANCELLING', 'RESTARTING'] as const

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED'])

/**
 * Tracks when the job entered its current status, for Flink's uptime, downtime and `<status>Time` gauges. Flink
 * returns -1 for uptime and downtime once the job is terminal (NO_LONGER_RUNNING) and 0 when not applicable.
 */
export class JobStatusTimes {
  readonly #clock: Clock
  #status: string
  #enteredAtMs: number
  #failingSinceMs: number | undefined

  constructor(clock: Clock, initialStatus: string) {
    this.#clock = clock
    this.#status = initialStatus
    this.#enteredAtMs = clock.nowMs()
  }

  onStatusChange(status: string): void {
    const now = this.#clock.nowMs()
    // downtime counts from the first of FAILING / RESTARTING after RUNNING, like Flink's DownTimeGauge
    if ((status === 'FAILING' || status === 'RESTARTING') && this.#failingSinceMs === undefined) this.#failingSinceMs = now
    if (status === 'RUNNING') this.#failingSinceMs = undefined
    this.#status = status
    this.#enteredAtMs = now
  }

  /** ms since the job is RUNNING; 0 when not running, -1 when terminal. */
  uptimeMs(): number {
    if (TERMINAL.has(this.#status)) return -1
    return this.#status === 'RUNNING' ? this.#clock.nowMs() - this.#enteredAtMs : 0
  }

  /** ms since the job failed while it is FAILING or RESTARTING; 0 otherwise, -1 when terminal. */
  downtimeMs(): number {
    if (TERMINAL.has(this.#status)) return -1
    return this.#failingSinceMs !== undefined && (this.#status === 'FAILING' || this.#status === 'RESTARTING')
      ? this.#clock.nowMs() - this.#failingSinceMs : 0
  }

  /** ms in `status` if that is the current status, else 0 (metrics.job.status.enable = CURRENT_TIME). */
  timeInMs(status: string): number {
    return this.#status === status ? this.#clock.nowMs() - this.#enteredAtMs : 0
  }
}
