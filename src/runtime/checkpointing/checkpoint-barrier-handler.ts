import type { ChannelStateRecorder } from './channel-state.js'

/** How a subtask's barriers of one checkpoint came in: the statistics its acknowledgement reports. */
export interface BarrierAlignment {
  /** From the first barrier to the snapshot (to the switch, for an unaligned one). */
  readonly alignmentDurationMs: number
  /** From the trigger to the first barrier reaching the subtask. */
  readonly startDelayMs: number
  /** Bytes of input processed meanwhile (from channels whose barrier was still to come). */
  readonly processedInFlightBytes: number
}

/** No alignment: a source, or a subtask whose only barrier snapshots at once. */
export function noAlignment(startDelayMs: number): BarrierAlignment {
  return { alignmentDurationMs: 0, startDelayMs, processedInFlightBytes: 0 }
}

/** What a barrier handler asks of the subtask when a checkpoint's barriers are in. */
export interface CheckpointBarrierTarget {
  /** Takes the snapshot (synchronous part) and forwards the barrier, in line, with the checkpoint's `unalignAfterMs`. */
  triggerCheckpointOnBarrier(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment, unalignAfterMs: number): void
  /**
   * Takes an unaligned snapshot: operators now, the barrier sent ahead of the queued output, which the returned
   * recorder keeps; the handler then adds the input channels' in-flight data to it.
   */
  triggerUnalignedCheckpointOnBarrier(checkpointId: number, triggerTimestampMs: number, alignment: BarrierAlignment):
    ChannelStateRecorder | undefined
  /** A checkpoint whose barriers did not all arrive before a newer one: it cannot complete here. */
  abortCheckpointOnBarrier(checkpointId: number): void
  /** Runs `action` between two elements after `delayMs` (an alignment timeout); returns a cancel function. */
  schedule(delayMs: number, action: () => void): () => void
}

/** What the handler may do to the input gate's channels. */
export interface BarrierAlignmentControl {
  blockChannel(gateIndex: number): void
  unblockAllChannels(): void
  /** Bytes of input processed so far (buffers read to their end). */
  bytesProcessed(): number
  /**
   * Adds every channel's unprocessed data before its barrier to the recorder; channels whose barrier is still to
   * come keep recording what they receive until it does. `hasDeliveredBarrier`: in-line barriers already read.
   * Returns the channels whose in-line barrier was announced (received, not read): they count as arrived.
   */
  captureInFlight(recorder: ChannelStateRecorder, hasDeliveredBarrier: readonly boolean[]): readonly number[]
  /** The channel's in-line barrier was read: its recording ends with the current buffer. */
  endRecording(gateIndex: number): void
  /** The checkpoint was aborted: no channel records any more. */
  stopRecording(): void
}

/**
 * Reacts to checkpoint barriers arriving on an input gate's channels (Flink's
 * CheckpointBarrierHandler): decides when the subtask snapshots and which channels wait.
 */
export interface CheckpointBarrierHandler {
  /** A barrier read in line with the data; `unalignAfterMs` as in the trigger message. */
  onBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void
  /**
   * An in-line barrier that may turn unaligned was received on the channel (it waits in the input queue). False
   * when it concerns a newer checkpoint than the one in progress: the gate offers it again later.
   */
  onBarrierAnnounced(gateIndex: number, checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): boolean
  /** An unaligned barrier that overtook the channel's data. */
  onPriorityBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number): void
  /**
   * The coordinator triggered the checkpoint here because every upstream task finished: no barrier will come, and the
   * snapshot must cover the input up to each channel's end-of-partition (read, or persisted when unaligned).
   */
  onTriggeredWithoutBarrier(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void
  /** A channel ended: it will send no barrier, so it counts as having sent all of them. */
  onChannelFinished(gateIndex: number): void
  /** The coordinator aborted the checkpoint (expired, declined elsewhere): stop aligning or recording for it. */
  abortCheckpoint(checkpointId: number): void
  /** The subtask resumed from this checkpoint: its barriers, replayed with restored in-flight data, are stale. */
  resumeAfter(checkpointId: number): void
}
