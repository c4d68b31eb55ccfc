import type { JobMaster } from '../coordinator/job/job-master.js'
import type { JobStatus } from '../coordinator/job/job-status.js'
import type { Clock } from '../util/clock.js'

/** When a job last entered each status (Flink's ExecutionGraph state timestamps), recorded from its status changes. */
export class JobStatusHistory {
  readonly #enteredAtMs = new Map<JobStatus, number>()
  #lastModificationMs: number

  constructor(jobMaster: JobMaster, clock: Clock) {
    this.#enteredAtMs.set('CREATED', jobMaster.startTimeMs)
    this.#lastModificationMs = jobMaster.startTimeMs
    jobMaster.onStatusChange((status) => {
      const nowMs = clock.nowMs()
      this.#enteredAtMs.set(status, nowMs)
      this.#lastModificationMs = nowMs
    })
  }

  /** When the job last entered `status`; undefined when it never did. */
  enteredAtMs(status: JobStatus): number | undefined {
    return this.#enteredAtMs.get(status)
  }

  /** When the status last changed. */
  get lastModificationMs(): number {
    return this.#lastModificationMs
  }
}
