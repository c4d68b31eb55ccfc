import type { SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointFailureReason } from './checkpoint-failure-reason.js'
import { CompletedCheckpoint, type SubtaskCheckpointAck } from './completed-checkpoint.js'
import { subtaskKeyString, type SubtaskCheckpointStats } from './subtask-checkpoint-stats.js'

/**
 * What became of an acknowledgement (Flink's TaskAcknowledgeResult): counted, a repeat, from a subtask this
 * checkpoint does not wait for, or too late because the checkpoint was aborted or finalized.
 */
export type AcknowledgeResult = 'ACK' | 'DUPLICATE' | 'UNKNOWN' | 'DISCARDED'

/** Why and when a pending checkpoint was aborted. */
export interface CheckpointAbort {
  readonly reason: CheckpointFailureReason
  readonly timestampMs: number
  /** Detail beyond the reason's message (e.g. the declining task's error). */
  readonly detail: string | undefined
}

/**
 * A triggered checkpoint collecting the acknowledgements of the subtasks it waits for; it ends either finalized
 * into a CompletedCheckpoint or aborted with a CheckpointFailureReason. `S` is the runtime's per-subtask state
 * handle, opaque here.
 */
export class PendingCheckpoint<S = unknown> {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  /** Epoch ms of the trigger. */
  readonly triggerTimestampMs: number
  /** Epoch ms after which the checkpoint is expired (trigger + checkpoint timeout). */
  readonly deadlineMs: number
  // keyed by subtaskKeyString; a key's presence in #notYetAcknowledged means the ack is still awaited
  readonly #notYetAcknowledged: Map<string, SubtaskKey>
  readonly #acks = new Map<string, SubtaskCheckpointAck<S>>()
  readonly #numSubtasks: number
  #abort: CheckpointAbort | undefined
  #isFinalized = false

  constructor(fields: {
    readonly checkpointId: number
    readonly isSavepoint: boolean
    readonly triggerTimestampMs: number
    readonly timeoutMs: number
    readonly subtasksToAcknowledge: readonly SubtaskKey[]
  }) {
    this.checkpointId = fields.checkpointId
    this.isSavepoint = fields.isSavepoint
    this.triggerTimestampMs = fields.triggerTimestampMs
    this.deadlineMs = fields.triggerTimestampMs + fields.timeoutMs
    this.#notYetAcknowledged = new Map(fields.subtasksToAcknowledge.map((subtask) => [
      subtaskKeyString(subtask), Object.freeze({ vertexId: subtask.vertexId, subtaskIndex: subtask.subtaskIndex }),
    ]))
    this.#numSubtasks = this.#notYetAcknowledged.size
  }

  get numSubtasks(): number {
    return this.#numSubtasks
  }

  get numAcknowledgedSubtasks(): number {
    return this.#acks.size
  }

  /** Whether every subtask acknowledged; false once aborted. */
  get isFullyAcknowledged(): boolean {
    return this.#notYetAcknowledged.size === 0 && !this.isDisposed
  }

  /** Whether it was aborted or finalized: acknowledgements are then discarded. */
  get isDisposed(): boolean {
    return this.#abort !== undefined || this.#isFinalized
  }

  /** Why it was aborted; undefined while pending or once finalized. */
  get abortion(): CheckpointAbort | undefined {
    return this.#abort
  }

  /** The subtasks whose acknowledgement is still awaited. */
  get notYetAcknowledged(): readonly SubtaskKey[] {
    return [...this.#notYetAcknowledged.values()]
  }

  /** The acknowledgements received so far, in arrival order. */
  get acknowledgements(): readonly SubtaskCheckpointAck<S>[] {
    return [...this.#acks.values()]
  }

  /** Whether the checkpoint timed out at `nowMs` (epoch ms) without being disposed. */
  isExpiredAt(nowMs: number): boolean {
    return !this.isDisposed && nowMs >= this.deadlineMs
  }

  /** Counts one subtask's acknowledgement with the state handle the runtime attached to it. */
  acknowledge(stats: SubtaskCheckpointStats, stateHandle: S): AcknowledgeResult {
    if (this.isDisposed) return 'DISCARDED'
    const key = subtaskKeyString(stats)
    const subtask = this.#notYetAcknowledged.get(key)
    if (subtask === undefined) return this.#acks.has(key) ? 'DUPLICATE' : 'UNKNOWN'
    this.#notYetAcknowledged.delete(key)
    this.#acks.set(key, Object.freeze({ subtask, stats, stateHandle }))
    return 'ACK'
  }

  /** Aborts the checkpoint; returns false (and changes nothing) when it was already disposed. */
  abort(reason: CheckpointFailureReason, timestampMs: number, detail?: string): boolean {
    if (this.isDisposed) return false
    this.#abort = Object.freeze({ reason, timestampMs, detail })
    return true
  }

  /**
   * Turns a fully acknowledged checkpoint into a CompletedCheckpoint once its metadata is written at
   * `externalPath`; undefined when it is not fully acknowledged or was disposed meanwhile (e.g. it expired while
   * the metadata was written), in which case the caller discards what it wrote.
   */
  finalize(completionTimestampMs: number, externalPath: string | undefined): CompletedCheckpoint<S> | undefined {
    if (!this.isFullyAcknowledged) return undefined
    this.#isFinalized = true
    return new CompletedCheckpoint<S>({
      checkpointId: this.checkpointId,
      isSavepoint: this.isSavepoint,
      triggerTimestampMs: this.triggerTimestampMs,
      completionTimestampMs,
      externalPath,
      subtaskStates: this.acknowledgements,
    })
  }
}
