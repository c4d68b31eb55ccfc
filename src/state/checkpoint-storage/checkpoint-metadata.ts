import type { StateFileHandle } from './state-file-handle.js'

/** A value that survives JSON.stringify → JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }
/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue }

/**
 * The in-flight network data of one subtask at an unaligned checkpoint (Flink's input channel and result
 * subpartition state), stored with the subtask's first operator, and the channels it was recorded on.
 */
export interface ChannelStateHandle {
  readonly file: StateFileHandle
  readonly inputChannels: number
  /** Subpartitions per output partition, in the subtask's partition order. */
  readonly subpartitions: readonly number[]
  /** The vertex's channel layout (graph/channel-layout.ts) when recorded: a restore needs the same. */
  readonly layout: string
}

/** The state one subtask of an operator contributed to a checkpoint. */
export interface SubtaskStateMetadata {
  readonly subtaskIndex: number
  /** Every file this subtask's state lives in; a restore verifies each of them (size, checksum) before using it. */
  readonly stateFiles: readonly StateFileHandle[]
  /** The state backend's own description of the state (state names, key-group ranges, offsets); opaque to the storage. */
  readonly backendState: JsonObject
  /** Unaligned checkpoints only, on the subtask's first operator. */
  readonly channelState?: ChannelStateHandle
  /**
   * The subtask had ended its input (FLIP-147): it took the snapshot while waiting for the final checkpoint, or had
   * finished before the checkpoint and holds nothing. A restore at the same parallelism starts it finished.
   */
  readonly isFinished?: boolean
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
  return metadata.operators.flatMap((operator) => operator.subtasks.flatMap((subtask) =>
    subtask.channelState === undefined ? [...subtask.stateFiles] : [...subtask.stateFiles, subtask.channelState.file]))
}
