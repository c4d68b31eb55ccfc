import type { CheckpointMetadata } from './checkpoint-metadata.js'
import type { StateFileHandle } from './state-file-handle.js'

/**
 * Where a checkpoint or savepoint is written, as plain data: the coordinator creates the location and sends this
 * reference to the workers (with the trigger), which resolve it to write their state files into the same directory.
 */
export interface CheckpointStorageLocationReference {
  readonly checkpointId: number
  /** Absolute directory of the checkpoint (`.../<job-id>/chk-<n>`) or savepoint (`.../savepoint-<hex>-<hex>`). */
  readonly checkpointDir: string
  readonly isSavepoint: boolean
}

/** The directory of one checkpoint or savepoint being written: state files first, `_metadata` last. */
export interface CheckpointStorageLocation {
  readonly reference: CheckpointStorageLocationReference
  /** Writes (snappy-compressing when snapshot compression is on), checksums and fsyncs one new state file. */
  writeStateFile(fileName: string, bytes: Uint8Array): Promise<StateFileHandle>
  /** Writes `_metadata` atomically, which completes the checkpoint; returns the checkpoint directory. */
  writeMetadata(metadata: CheckpointMetadata): Promise<string>
  /** Deletes the directory and everything in it (an aborted checkpoint, a failed savepoint). */
  discard(): Promise<void>
}

/** The checkpoint storage of one job: creates the locations its checkpoints and savepoints are written to. */
export interface CheckpointStorage {
  /** Creates the job's checkpoint directories (`<job-id>/`, `shared/`, `taskowned/`); call once before checkpointing. */
  initialize(): Promise<void>
  /** Creates `chk-<checkpointId>` for a new checkpoint (coordinator side). */
  createCheckpointLocation(checkpointId: number): Promise<CheckpointStorageLocation>
  /** Creates a new `savepoint-<hex>-<hex>` directory under `targetDir` (coordinator side). */
  createSavepointLocation(checkpointId: number, targetDir: string): Promise<CheckpointStorageLocation>
  /** The location a reference from the coordinator names, without creating anything (worker side). */
  resolveLocation(reference: CheckpointStorageLocationReference): CheckpointStorageLocation
}
