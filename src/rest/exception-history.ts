import type { JobFailure } from '../coordinator/job/job-failure.js'
import type { JobMaster } from '../coordinator/job/job-master.js'

/** Entries kept, youngest first (Flink's `web.exception-history-size` default). */
export const EXCEPTION_HISTORY_SIZE = 16

/** The failures of a job, each restart's cause and the final one (Flink's exception history). */
export class ExceptionHistory {
  // youngest first
  #entries: JobFailure[] = []
  #numDropped = 0

  constructor(jobMaster: JobMaster) {
    jobMaster.onRestart((failure) => this.#add(failure))
    void jobMaster.result().then((result) => {
      // the final failure is the root cause of FAILED; a restart's cause was recorded already
      if (result.failure !== undefined && this.#entries[0] !== result.failure) this.#add(result.failure)
    })
  }

  /** The latest failures, youngest first. */
  get entries(): readonly JobFailure[] {
    return this.#entries
  }

  /** Whether older failures fell out of the history. */
  get isTruncated(): boolean {
    return this.#numDropped > 0
  }

  #add(failure: JobFailure): void {
    this.#entries = [failure, ...this.#entries]
    if (this.#entries.length > EXCEPTION_HISTORY_SIZE) {
      this.#numDropped += this.#entries.length - EXCEPTION_HISTORY_SIZE
      this.#entries = this.#entries.slice(0, EXCEPTION_HISTORY_SIZE)
    }
  }
}
