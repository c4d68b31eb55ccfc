import { TOLERABLE_FAILURE_NUMBER } from '../../config/options/checkpointing-options.js'
import { isCountedAsFailure, messageOf, type CheckpointFailureReason } from './checkpoint-failure-reason.js'

/** What the job must do after a checkpoint failure. */
export type CheckpointFailureVerdict =
  | { readonly kind: 'tolerate'; readonly consecutiveFailures: number }
  | {
    readonly kind: 'fail-job'
    readonly consecutiveFailures: number
    readonly tolerableFailures: number
    readonly reason: CheckpointFailureReason
    /** For the job's failure cause: what was exceeded, the last failure, and the key to raise. */
    readonly message: string
  }

/** One failed checkpoint as the failure manager sees it. */
export interface CheckpointFailure {
  /** Undefined for a failure before a checkpoint id was assigned (counted every time, as in Flink). */
  readonly checkpointId: number | undefined
  readonly reason: CheckpointFailureReason
  /** Savepoint failures are reported to the user who asked for it and never fail the job. */
  readonly isSavepoint: boolean
}

/**
 * Decides when consecutive checkpoint failures must fail the job (Flink's CheckpointFailureManager): counts the
 * counted failures of checkpoints younger than the last completed one, each id once; a completed checkpoint resets
 * the count; more than `tolerableFailures` in a row is a `fail-job` verdict, after which counting starts over.
 */
export class CheckpointFailureManager {
  readonly #tolerableFailures: number
  #consecutiveFailures = 0
  #lastCompletedCheckpointId = Number.NEGATIVE_INFINITY
  // a checkpoint may be reported failed twice (e.g. a decline, then the abort); it counts once
  readonly #countedCheckpointIds = new Set<number>()

  constructor(options: { readonly tolerableFailures: number }) {
    this.#tolerableFailures = options.tolerableFailures
  }

  /** Counted failures since the last completed checkpoint. */
  get consecutiveFailures(): number {
    return this.#consecutiveFailures
  }

  /** Records a failed checkpoint and says whether the job may go on. */
  onCheckpointFailed(failure: CheckpointFailure): CheckpointFailureVerdict {
    const { checkpointId, reason } = failure
    // a failure older than the last success says nothing about the job's health now (Flink skips it too)
    const isStale = checkpointId !== undefined && checkpointId < this.#lastCompletedCheckpointId
    if (!failure.isSavepoint && !isStale && isCountedAsFailure(reason)) {
      if (checkpointId === undefined || !this.#countedCheckpointIds.has(checkpointId)) {
        if (checkpointId !== undefined) this.#countedCheckpointIds.add(checkpointId)
        this.#consecutiveFailures++
      }
    }
    const consecutiveFailures = this.#consecutiveFailures
    if (consecutiveFailures <= this.#tolerableFailures) return { kind: 'tolerate', consecutiveFailures }
    this.#clear()
    const which = checkpointId === undefined ? 'a checkpoint' : `checkpoint ${checkpointId}`
    return {
      kind: 'fail-job',
      consecutiveFailures,
      tolerableFailures: this.#tolerableFailures,
      reason,
      message: `Exceeded checkpoint tolerable failure threshold: ${consecutiveFailures} consecutive checkpoint ` +
        `failures, ${this.#tolerableFailures} tolerated; the last, ${which}, failed with ${reason} ` +
        `(${messageOf(reason)}). Raise '${TOLERABLE_FAILURE_NUMBER.key}' or look at why checkpoints fail.`,
    }
  }

  /** Records a completed checkpoint (or savepoint): the failure count starts over. */
  onCheckpointCompleted(checkpointId: number): void {
    if (checkpointId <= this.#lastCompletedCheckpointId) return
    this.#lastCompletedCheckpointId = checkpointId
    this.#clear()
  }

  #clear(): void {
    this.#consecutiveFailures = 0
    this.#countedCheckpointIds.clear()
  }
}
