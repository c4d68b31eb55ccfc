import type { Clock } from '../../util/clock.js'
import type { CheckpointFailureReason } from './checkpoint-failure-reason.js'

/** A request to take a checkpoint: from the periodic scheduler, or manual (a savepoint or an on-demand checkpoint). */
export interface CheckpointTriggerRequest {
  readonly isPeriodic: boolean
  readonly isSavepoint: boolean
}

/** Whether a request runs now; a dropped periodic request says when the next one may succeed. */
export type TriggerDecision =
  | { readonly kind: 'trigger' }
  | {
    readonly kind: 'drop'
    readonly reason: Extract<CheckpointFailureReason, 'MINIMUM_TIME_BETWEEN_CHECKPOINTS' | 'TOO_MANY_CONCURRENT_CHECKPOINTS'>
    /** Set when waiting is enough (min pause); unset when a pending checkpoint must end first. */
    readonly rescheduleInMs?: number
  }

/** The settings the decider applies. */
export interface CheckpointRequestDeciderOptions {
  readonly clock: Clock
  /** Undefined disables periodic checkpoints; manual requests still run. */
  readonly intervalMs: number | undefined
  readonly minPauseMs: number
  readonly maxConcurrent: number
  /** Delay of the first periodic checkpoint after construction; defaults to the interval. */
  readonly initialDelayMs?: number
}

/**
 * Decides whether a checkpoint request runs now (Flink's CheckpointRequestDecider): a periodic checkpoint is due at
 * max(last periodic trigger + interval, last completion + min pause) and runs only while fewer than max-concurrent
 * checkpoints are pending; with a min pause, max-concurrent is effectively 1 (as Flink documents). Manual requests
 * (savepoints, on-demand checkpoints) bypass interval, min pause and max-concurrent, as in Flink, where the
 * decider lets a non-periodic request through even when too many checkpoints are pending.
 * Times are the clock's relative (monotonic) milliseconds.
 */
export class CheckpointRequestDecider {
  readonly #clock: Clock
  readonly #intervalMs: number | undefined
  readonly #minPauseMs: number
  readonly #maxConcurrent: number
  #lastPeriodicTriggerMs: number
  // min pause counts from the *completion* of the last checkpoint, not from its trigger; a failure does not
  // restart it (Flink sets lastCheckpointCompletionRelativeTime only when a checkpoint completes)
  #lastCompletionMs = Number.NEGATIVE_INFINITY

  constructor(options: CheckpointRequestDeciderOptions) {
    this.#clock = options.clock
    this.#intervalMs = options.intervalMs
    this.#minPauseMs = options.minPauseMs
    this.#maxConcurrent = options.minPauseMs > 0 ? 1 : options.maxConcurrent
    // the first periodic trigger is due at construction + initial delay
    this.#lastPeriodicTriggerMs = this.#clock.relativeMs() + (options.initialDelayMs ?? options.intervalMs ?? 0) -
      (options.intervalMs ?? 0)
  }

  /** The most checkpoints that may be pending at once, after min pause is taken into account. */
  get effectiveMaxConcurrent(): number {
    return this.#maxConcurrent
  }

  /**
   * When the next periodic checkpoint is due (relative ms): undefined when periodic checkpoints are disabled or
   * when `numPending` already reaches max-concurrent (the next is due only after a pending one ends).
   */
  nextTriggerAtMs(numPending: number): number | undefined {
    if (this.#intervalMs === undefined || numPending >= this.#maxConcurrent) return undefined
    return Math.max(this.#lastPeriodicTriggerMs + this.#intervalMs, this.#lastCompletionMs + this.#minPauseMs)
  }

  /** Whether a periodic checkpoint should be triggered now, given the pending checkpoints. */
  shouldTrigger(numPending: number): boolean {
    const dueAtMs = this.nextTriggerAtMs(numPending)
    return dueAtMs !== undefined && dueAtMs <= this.#clock.relativeMs()
  }

  /**
   * Decides a request when it arrives (the scheduler fired, or a user asked). For a periodic request this checks
   * max-concurrent and min pause but not the interval: the scheduler fires it when the interval is up.
   */
  decide(request: CheckpointTriggerRequest, numPending: number): TriggerDecision {
    if (!request.isPeriodic) return { kind: 'trigger' }
    if (numPending >= this.#maxConcurrent) return { kind: 'drop', reason: 'TOO_MANY_CONCURRENT_CHECKPOINTS' }
    const waitMs = this.#lastCompletionMs + this.#minPauseMs - this.#clock.relativeMs()
    if (waitMs > 0) return { kind: 'drop', reason: 'MINIMUM_TIME_BETWEEN_CHECKPOINTS', rescheduleInMs: waitMs }
    return { kind: 'trigger' }
  }

  /** Records that a checkpoint was triggered; only periodic ones move the interval. */
  onTriggered(request: CheckpointTriggerRequest): void {
    if (request.isPeriodic) this.#lastPeriodicTriggerMs = this.#clock.relativeMs()
  }

  /** Records that a checkpoint completed: the min pause starts now. */
  onCompleted(): void {
    this.#lastCompletionMs = this.#clock.relativeMs()
  }
}
