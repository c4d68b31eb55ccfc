import type { ResultPartition } from '../network/result-partition.js'
import { ChannelStateRecorder, type ChannelState } from './channel-state.js'

/**
 * execution.checkpointing.aligned-checkpoint-timeout at a task's output (as Flink does): an aligned barrier still
 * waiting for credit once the checkpoint's start delay passes the timeout overtakes the queue, whose buffers become
 * the checkpoint's output state. An abort that comes before the task snapshots keeps the barrier from overtaking.
 */
export class OutputBarrierOvertaking {
  /** Aligned checkpoints whose barrier still waits for credit somewhere. */
  readonly #awaitingCredit = new Map<number, { onSent(): void; abort(): void }>()
  /** Checkpoints the coordinator aborted before the task snapshotted them (Flink's abortedCheckpointIds). */
  readonly #abortedCheckpointIds = new Set<number>()

  constructor(
    private readonly partitions: readonly ResultPartition[],
    private readonly numInputChannels: number,
    private readonly nowMs: () => number,
    /** Runs `action` between two elements after `delayMs`; returns a cancel function. */
    private readonly schedule: (delayMs: number, action: () => void) => () => void,
  ) {
    for (const partition of partitions) {
      for (const sub of partition.subpartitions) sub.onInlineBarrierSent = (checkpointId) => this.#awaitingCredit.get(checkpointId)?.onSent()
    }
  }

  /**
   * The task broadcast the barriers of an aligned checkpoint and `queuedBarriers` of them wait for credit: the
   * output state, complete when every barrier left or overtook (empty if all left); undefined if nothing can overtake.
   */
  afterBroadcast(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number, queuedBarriers: number):
    Promise<ChannelState | undefined> | undefined {
    const isAborted = this.#abortedCheckpointIds.has(checkpointId)
    // no barrier of an older checkpoint can come any more
    for (const id of this.#abortedCheckpointIds) if (id <= checkpointId) this.#abortedCheckpointIds.delete(id)
    if (queuedBarriers === 0 || isAborted) return undefined
    // the inputs were aligned: no input channel has in-flight data, but the state has the task's shape
    const recorder = new ChannelStateRecorder(checkpointId, this.numInputChannels,
      this.partitions.map((partition) => partition.subpartitions.length), true)
    let stillQueued = queuedBarriers
    const done = (): void => {
      cancelTimeout()
      this.#awaitingCredit.delete(checkpointId)
      recorder.completeIfDone()
    }
    const delayMs = Math.max(0, unalignAfterMs - (this.nowMs() - triggerTimestampMs))
    const cancelTimeout = this.schedule(delayMs, () => {
      if (!this.#awaitingCredit.has(checkpointId)) return
      this.partitions.forEach((partition, i) => partition.overtakeInlineBarriers(checkpointId, triggerTimestampMs, recorder, i))
      done()
    })
    this.#awaitingCredit.set(checkpointId, {
      onSent: () => { if (--stillQueued === 0) done() },
      abort: () => {
        cancelTimeout()
        this.#awaitingCredit.delete(checkpointId)
        recorder.abort()
      },
    })
    return recorder.completion
  }

  /** The coordinator aborted the checkpoint. */
  abort(checkpointId: number): void {
    const awaitingCredit = this.#awaitingCredit.get(checkpointId)
    if (awaitingCredit !== undefined) awaitingCredit.abort()
    else this.#abortedCheckpointIds.add(checkpointId)
  }
}
