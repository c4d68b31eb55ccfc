/**
 * What one subtask reports when it acknowledges a checkpoint (Flink's SubtaskStateStats / CheckpointMetrics).
 * Plain data: it arrives in a worker's acknowledge message.
 */
export interface SubtaskCheckpointStats {
  readonly checkpointId: number
  readonly vertexId: string
  readonly subtaskIndex: number
  /** Epoch ms at which the subtask acknowledged (its async part finished). */
  readonly ackTimestampMs: number
  readonly syncDurationMs: number
  readonly asyncDurationMs: number
  /** Time from the first to the last barrier of an aligned checkpoint; 0 when unaligned. */
  readonly alignmentDurationMs: number
  /** Time from the trigger to the first barrier reaching the subtask. */
  readonly startDelayMs: number
  /** Full size of the subtask's state. */
  readonly stateSizeBytes: number
  /** Bytes this checkpoint wrote: the delta when incremental, else equal to `stateSizeBytes`. */
  readonly checkpointedSizeBytes: number
  /** In-flight bytes processed during alignment. */
  readonly processedInFlightBytes: number
  /** In-flight bytes persisted with an unaligned checkpoint. */
  readonly persistedInFlightBytes: number
  readonly isUnaligned: boolean
}

/** The key of a subtask in maps: `<vertexId>#<subtaskIndex>`. */
export function subtaskKeyString(subtask: { readonly vertexId: string; readonly subtaskIndex: number }): string {
  return `${subtask.vertexId}#${subtask.subtaskIndex}`
}
