/** What a barrier handler asks of the subtask when a checkpoint's barriers are in. */
export interface CheckpointBarrierTarget {
  /** Takes the snapshot (synchronous part) and forwards the barrier; `alignmentDurationMs` from first to last barrier. */
  triggerCheckpointOnBarrier(checkpointId: number, triggerTimestampMs: number, alignmentDurationMs: number, startDelayMs: number): void
  /** A checkpoint whose barriers did not all arrive before a newer one: it cannot complete here. */
  abortCheckpointOnBarrier(checkpointId: number): void
}

/** What the handler may do to the input gate's channels. */
export interface BarrierAlignmentControl {
  blockChannel(gateIndex: number): void
  unblockAllChannels(): void
}

/**
 * Reacts to checkpoint barriers arriving on an input gate's channels (Flink's
 * CheckpointBarrierHandler): decides when the subtask snapshots and which channels wait.
 */
export interface CheckpointBarrierHandler {
  onBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number): void
  /** A channel ended: it will send no barrier, so it counts as having sent all of them. */
  onChannelFinished(gateIndex: number): void
}
