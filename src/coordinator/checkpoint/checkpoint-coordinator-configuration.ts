import type { Configuration } from '../../config/configuration.js'
import {
  ALIGNED_CHECKPOINT_TIMEOUT, CHECKPOINTING_CONSISTENCY_MODE, CHECKPOINTING_INTERVAL, CHECKPOINTING_TIMEOUT,
  CHECKPOINTS_DIRECTORY, ENABLE_UNALIGNED, EXTERNALIZED_CHECKPOINT_RETENTION, MAX_CONCURRENT_CHECKPOINTS,
  MAX_RETAINED_CHECKPOINTS, MIN_PAUSE_BETWEEN_CHECKPOINTS, SNAPSHOT_COMPRESSION, TOLERABLE_FAILURE_NUMBER,
  type CheckpointingMode, type ExternalizedCheckpointRetention,
} from '../../config/options/checkpointing-options.js'

/** The checkpoint settings of one job as the coordinator applies them (Flink's CheckpointCoordinatorConfiguration). */
export interface CheckpointCoordinatorConfiguration {
  /** Base interval between periodic checkpoints; undefined when periodic checkpointing is disabled. */
  readonly intervalMs: number | undefined
  readonly mode: CheckpointingMode
  readonly timeoutMs: number
  /** Least time between the completion of one checkpoint and the trigger of the next periodic one. */
  readonly minPauseMs: number
  /** As configured; the request decider treats it as 1 while `minPauseMs > 0`. */
  readonly maxConcurrent: number
  /** Consecutive counted checkpoint failures tolerated before the job fails. */
  readonly tolerableFailures: number
  /** Whether exactly-once checkpoints are unaligned; always false in AT_LEAST_ONCE mode. */
  readonly isUnaligned: boolean
  readonly alignedCheckpointTimeoutMs: number
  readonly externalizedRetention: ExternalizedCheckpointRetention
  readonly isSnapshotCompressed: boolean
  /** Directory checkpoints are written to; undefined keeps them in coordinator memory. */
  readonly checkpointsDir: string | undefined
  /** Completed checkpoints kept in the store. */
  readonly numRetained: number
}

/** Reads the checkpoint settings from a validated configuration; the result is frozen. */
export function checkpointCoordinatorConfigurationFrom(configuration: Configuration): CheckpointCoordinatorConfiguration {
  const mode = configuration.get(CHECKPOINTING_CONSISTENCY_MODE)
  return Object.freeze({
    intervalMs: configuration.get(CHECKPOINTING_INTERVAL),
    mode,
    timeoutMs: configuration.get(CHECKPOINTING_TIMEOUT),
    minPauseMs: configuration.get(MIN_PAUSE_BETWEEN_CHECKPOINTS),
    maxConcurrent: configuration.get(MAX_CONCURRENT_CHECKPOINTS),
    tolerableFailures: configuration.get(TOLERABLE_FAILURE_NUMBER),
    // unaligned barriers only make sense when barriers are aligned at all (Flink's
    // CheckpointingOptions.isUnalignedCheckpointEnabled ignores the flag in AT_LEAST_ONCE mode)
    isUnaligned: mode === 'EXACTLY_ONCE' && configuration.get(ENABLE_UNALIGNED),
    alignedCheckpointTimeoutMs: configuration.get(ALIGNED_CHECKPOINT_TIMEOUT),
    externalizedRetention: configuration.get(EXTERNALIZED_CHECKPOINT_RETENTION),
    isSnapshotCompressed: configuration.get(SNAPSHOT_COMPRESSION),
    checkpointsDir: configuration.get(CHECKPOINTS_DIRECTORY),
    numRetained: configuration.get(MAX_RETAINED_CHECKPOINTS),
  })
}
