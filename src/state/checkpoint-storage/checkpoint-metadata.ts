import type { StateFileHandle } from './state-file-handle.js'

/** A value that survives JSON.stringify → JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }
/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue }

/** The state one subtask of an operator contributed to a checkpoint. */
export interface SubtaskStateMetadata {
  readonly subtaskIndex: number
  /** Every file this subtask's state lives in; a restore verifies each of them (size, checksum) before using it. */
  readonly stateFiles: readonly StateFileHandle[]
  /** The state backend's own description of the state (state names, key-group ranges, offsets); opaque to the storage. */
  readonly backendState: JsonObject
}

/** The state of one operator across its subtasks. */
export interface OperatorStateMetadata {
  /** The operator id (the vertex id of the operator, 32 lowercase hex). */
  readonly operatorId: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly subtasks: readonly SubtaskStateMetadata[]
}

/** What `_metadata` stores: which state files make up a checkpoint or savepoint, and how to read them. */
export interface CheckpointMetadata {
  readonly checkpointId: number
  readonly jobId: string
  readonly isSavepoint: boolean
  /** Epoch milliseconds at which the coordinator triggered the checkpoint. */
  readonly triggerTimestampMs: number
  /** Epoch milliseconds at which the last subtask acknowledged (the metadata was finalized). */
  readonly completionTimestampMs: number
  /** Whether state files were written with `execution.checkpointing.snapshot-compression` (each handle says so too). */
  readonly isCompressed: boolean
  readonly operators: readonly OperatorStateMetadata[]
}

/** Every state file a checkpoint references, operator by operator and subtask by subtask. */
export function stateFilesOf(metadata: CheckpointMetadata): StateFileHandle[] {
  return metadata.operators.flatMap((operator) => operator.subtasks.flatMap((subtask) => [...subtask.stateFiles]))
}
