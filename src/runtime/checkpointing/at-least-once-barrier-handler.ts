import type { Clock } from '../../util/clock.js'
import type { CheckpointBarrierHandler, CheckpointBarrierTarget } from './checkpoint-barrier-handler.js'

/**
 * At-least-once (Flink's CheckpointBarrierTracker): no channel waits; the subtask snapshots when
 * the last channel delivers a checkpoint's barrier. Records after an early barrier are then in
 * the snapshot's state and replayed again after a restore, hence at least once.
 */
export class AtLeastOnceBarrierHandler implements CheckpointBarrierHandler {
  readonly #finished: boolean[]
  /** Per pending checkpoint id: the channels that delivered its barrier, and when the first did. */
  readonly #pending = new Map<number, {
    arrived: boolean[]; count: number; firstMs: number; startDelayMs: number; triggerTimestampMs: number; unalignAfterMs: number
  }>()
  #latestCompletedId = -1

  constructor(numChannels: number, private readonly target: CheckpointBarrierTarget, private readonly clock: Clock) {
    this.#finished = new Array<boolean>(numChannels).fill(false)
  }

  onBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number, unalignAfterMs = Number.POSITIVE_INFINITY): void {
    if (checkpointId <= this.#latestCompletedId) return
    let pending = this.#pending.get(checkpointId)
    if (pending === undefined) {
      pending = {
        arrived: new Array<boolean>(this.#finished.length).fill(false), count: 0, firstMs: this.clock.relativeMs(),
        startDelayMs: Math.max(0, this.clock.nowMs() - triggerTimestampMs), triggerTimestampMs, unalignAfterMs,
      }
      this.#pending.set(checkpointId, pending)
    }
    if (pending.arrived[gateIndex]) return
    pending.arrived[gateIndex] = true
    pending.count++
    this.#completeIfAllArrived(checkpointId)
  }

  onTriggeredWithoutBarrier(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    if (checkpointId <= this.#latestCompletedId || this.#pending.has(checkpointId)) return
    this.#pending.set(checkpointId, {
      arrived: new Array<boolean>(this.#finished.length).fill(false), count: 0, firstMs: this.clock.relativeMs(),
      startDelayMs: Math.max(0, this.clock.nowMs() - triggerTimestampMs), triggerTimestampMs, unalignAfterMs,
    })
    this.#completeIfAllArrived(checkpointId)
  }

  onPriorityBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number): void {
    // unaligned checkpoints are exactly-once only; a priority barrier counts like any other here
    this.onBarrier(gateIndex, checkpointId, triggerTimestampMs)
  }

  abortCheckpoint(checkpointId: number): void {
    this.#pending.delete(checkpointId)
  }

  onBarrierAnnounced(): boolean {
    // at least once never blocks a channel: there is no alignment to cut short
    return true
  }

  resumeAfter(checkpointId: number): void {
    this.#latestCompletedId = checkpointId
  }

  onChannelFinished(gateIndex: number): void {
    this.#finished[gateIndex] = true
    for (const checkpointId of [...this.#pending.keys()].sort((a, b) => a - b)) this.#completeIfAllArrived(checkpointId)
  }

  #completeIfAllArrived(checkpointId: number): void {
    const pending = this.#pending.get(checkpointId)!
    for (let i = 0; i < pending.arrived.length; i++) if (!pending.arrived[i] && !this.#finished[i]) return
    // older checkpoints still waiting can no longer complete before this one
    for (const olderId of [...this.#pending.keys()]) {
      if (olderId < checkpointId) {
        this.#pending.delete(olderId)
        this.target.abortCheckpointOnBarrier(olderId)
      }
    }
    this.#pending.delete(checkpointId)
    this.#latestCompletedId = checkpointId
    // nothing is held back, so no in-flight data is processed "during alignment"
    const alignment = { alignmentDurationMs: this.clock.relativeMs() - pending.firstMs, startDelayMs: pending.startDelayMs, processedInFlightBytes: 0 }
    this.target.triggerCheckpointOnBarrier(checkpointId, pending.triggerTimestampMs, alignment, pending.unalignAfterMs)
  }
}
