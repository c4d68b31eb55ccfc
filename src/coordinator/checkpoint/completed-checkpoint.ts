import type { SubtaskKey } from '../../protocol/messages.js'
import type { SubtaskCheckpointStats } from './subtask-checkpoint-stats.js'

/** One subtask's part of a checkpoint: its acknowledgement and the state handle the runtime attached to it. */
export interface SubtaskCheckpointAck<S> {
  readonly subtask: SubtaskKey
  readonly stats: SubtaskCheckpointStats
  readonly stateHandle: S
}

/**
 * A checkpoint every subtask acknowledged and whose metadata was written: what a restore starts from. Immutable;
 * `S` is the runtime's opaque per-subtask state handle.
 */
export class CompletedCheckpoint<S = unknown> {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  readonly triggerTimestampMs: number
  readonly completionTimestampMs: number
  /** Where the checkpoint's metadata lives; undefined for a checkpoint kept in coordinator memory. */
  readonly externalPath: string | undefined
  /** One entry per subtask, ordered by vertex id, then subtask index. */
  readonly subtaskStates: readonly SubtaskCheckpointAck<S>[]

  constructor(fields: {
    readonly checkpointId: number
    readonly isSavepoint: boolean
    readonly triggerTimestampMs: number
    readonly completionTimestampMs: number
    readonly externalPath: string | undefined
    readonly subtaskStates: readonly SubtaskCheckpointAck<S>[]
  }) {
    this.checkpointId = fields.checkpointId
    this.isSavepoint = fields.isSavepoint
    this.triggerTimestampMs = fields.triggerTimestampMs
    this.completionTimestampMs = fields.completionTimestampMs
    this.externalPath = fields.externalPath
    this.subtaskStates = Object.freeze([...fields.subtaskStates].sort(bySubtask))
    Object.freeze(this)
  }

  /** The state handle of one subtask; undefined for a subtask this checkpoint does not cover. */
  stateHandleOf(subtask: SubtaskKey): S | undefined {
    return this.subtaskStates.find((ack) => ack.subtask.vertexId === subtask.vertexId &&
      ack.subtask.subtaskIndex === subtask.subtaskIndex)?.stateHandle
  }

  /** The subtasks' state handles of one vertex, indexed by subtask index. */
  stateHandlesOf(vertexId: string): readonly S[] {
    return this.subtaskStates.filter((ack) => ack.subtask.vertexId === vertexId).map((ack) => ack.stateHandle)
  }
}

function bySubtask(a: SubtaskCheckpointAck<unknown>, b: SubtaskCheckpointAck<unknown>): number {
  if (a.subtask.vertexId !== b.subtask.vertexId) return a.subtask.vertexId < b.subtask.vertexId ? -1 : 1
  return a.subtask.subtaskIndex - b.subtask.subtaskIndex
}
