import type { Clock } from '../../util/clock.js'
import type { ChannelStateRecorder } from './channel-state.js'
import type {
  BarrierAlignment, BarrierAlignmentControl, CheckpointBarrierHandler, CheckpointBarrierTarget,
} from './checkpoint-barrier-handler.js'

type Phase = 'idle' | 'aligning' | 'unaligned'

/**
 * Exactly-once barriers (Flink's SingleCheckpointBarrierHandler). Aligned: a channel that
 * delivered the barrier of checkpoint n is blocked until every channel has, so the snapshot
 * covers exactly the records before the barriers. Unaligned: the first barrier (one that
 * overtook the data, or an aligned one once the checkpoint's start delay passed
 * `unalignAfterMs`) snapshots at once; the data before the other channels' barriers is not
 * waited for but persisted with the checkpoint, and nothing is blocked.
 */
export class ExactlyOnceBarrierHandler implements CheckpointBarrierHandler {
  readonly #arrived: boolean[]
  /** Channels whose barrier was read in line (and that are blocked while aligning). */
  readonly #arrivedInLine: boolean[]
  readonly #finished: boolean[]
  #phase: Phase = 'idle'
  #currentCheckpointId = -1
  #alignmentStartMs = 0
  #startDelayMs = 0
  #bytesProcessedAtStart = 0
  #triggerTimestampMs = 0
  #unalignAfterMs = Number.POSITIVE_INFINITY
  #recorder: ChannelStateRecorder | undefined
  #cancelTimeout: (() => void) | undefined

  constructor(numChannels: number, private readonly control: BarrierAlignmentControl,
    private readonly target: CheckpointBarrierTarget, private readonly clock: Clock) {
    this.#arrived = new Array<boolean>(numChannels).fill(false)
    this.#arrivedInLine = new Array<boolean>(numChannels).fill(false)
    this.#finished = new Array<boolean>(numChannels).fill(false)
  }

  onBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    if (!this.#begin(checkpointId, triggerTimestampMs, unalignAfterMs) || this.#arrived[gateIndex]) return
    this.#arrived[gateIndex] = true
    if (this.#phase === 'unaligned') {
      this.control.endRecording(gateIndex)
      this.#endIfAllArrived()
      return
    }
    this.#arrivedInLine[gateIndex] = true
    this.control.blockChannel(gateIndex)
    if (this.#isAllArrived()) {
      this.#completeAligned()
      return
    }
    this.#unalignAtTimeout(checkpointId, triggerTimestampMs, unalignAfterMs)
  }

  onBarrierAnnounced(gateIndex: number, checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): boolean {
    // only a barrier read aborts the checkpoint in progress; a newer one announced waits its turn
    if (this.#phase !== 'idle' && checkpointId > this.#currentCheckpointId) return false
    if (!this.#begin(checkpointId, triggerTimestampMs, unalignAfterMs) || this.#arrived[gateIndex] || this.#phase !== 'aligning') return true
    this.#unalignAtTimeout(checkpointId, triggerTimestampMs, unalignAfterMs)
    return true
  }

  /** Switches to unaligned once the checkpoint's start delay passes `unalignAfterMs` (now, or by a timer). */
  #unalignAtTimeout(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    if (unalignAfterMs === Number.POSITIVE_INFINITY || this.#cancelTimeout !== undefined) return
    const remainingMs = unalignAfterMs - (this.clock.nowMs() - triggerTimestampMs)
    if (remainingMs <= 0) {
      this.#switchToUnaligned()
      return
    }
    this.#cancelTimeout = this.target.schedule(remainingMs, () => {
      this.#cancelTimeout = undefined
      if (this.#phase === 'aligning' && this.#currentCheckpointId === checkpointId) this.#switchToUnaligned()
    })
  }

  onPriorityBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number): void {
    if (!this.#begin(checkpointId, triggerTimestampMs, 0) || this.#arrived[gateIndex]) return
    this.#arrived[gateIndex] = true
    if (this.#phase === 'unaligned') this.#endIfAllArrived()
    else this.#switchToUnaligned()
  }

  onTriggeredWithoutBarrier(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    if (!this.#begin(checkpointId, triggerTimestampMs, unalignAfterMs)) return
    if (this.#isAllArrived()) {
      this.#completeAligned()
      return
    }
    // channels still hold data before their end-of-partition: aligned, it is read first; unaligned, it is persisted
    if (unalignAfterMs === 0) this.#switchToUnaligned()
    else this.#unalignAtTimeout(checkpointId, triggerTimestampMs, unalignAfterMs)
  }

  onChannelFinished(gateIndex: number): void {
    this.#finished[gateIndex] = true
    if (this.#phase === 'aligning' && this.#isAllArrived()) this.#completeAligned()
    else if (this.#phase === 'unaligned') this.#endIfAllArrived()
  }

  abortCheckpoint(checkpointId: number): void {
    if (this.#phase === 'idle' || checkpointId !== this.#currentCheckpointId) return
    this.#recorder?.abort()
    this.control.stopRecording()
    this.#end()
  }

  resumeAfter(checkpointId: number): void {
    this.#currentCheckpointId = checkpointId
  }

  /** Starts handling a newer checkpoint if need be; false for a barrier of one that is over. */
  #begin(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): boolean {
    if (checkpointId < this.#currentCheckpointId) return false
    if (checkpointId === this.#currentCheckpointId) return this.#phase !== 'idle'
    if (this.#phase !== 'idle') this.#abortCurrent()
    this.#currentCheckpointId = checkpointId
    this.#phase = 'aligning'
    this.#alignmentStartMs = this.clock.relativeMs()
    this.#startDelayMs = Math.max(0, this.clock.nowMs() - triggerTimestampMs)
    this.#bytesProcessedAtStart = this.control.bytesProcessed()
    this.#triggerTimestampMs = triggerTimestampMs
    this.#unalignAfterMs = unalignAfterMs
    return true
  }

  #isAllArrived(): boolean {
    for (let i = 0; i < this.#arrived.length; i++) if (!this.#arrived[i] && !this.#finished[i]) return false
    return true
  }

  #completeAligned(): void {
    const alignment = this.#alignment()
    this.#end()
    this.target.triggerCheckpointOnBarrier(this.#currentCheckpointId, this.#triggerTimestampMs, alignment, this.#unalignAfterMs)
  }

  #switchToUnaligned(): void {
    this.#cancelTimeout?.()
    this.#cancelTimeout = undefined
    const recorder = this.target.triggerUnalignedCheckpointOnBarrier(this.#currentCheckpointId, this.#triggerTimestampMs, this.#alignment())
    if (recorder === undefined) {
      // the subtask declined (it is not running): nothing to record
      this.#end()
      return
    }
    this.#phase = 'unaligned'
    this.#recorder = recorder
    for (const gateIndex of this.control.captureInFlight(recorder, this.#arrivedInLine)) this.#arrived[gateIndex] = true
    this.control.unblockAllChannels()
    this.#endIfAllArrived()
  }

  #alignment(): BarrierAlignment {
    return {
      alignmentDurationMs: this.clock.relativeMs() - this.#alignmentStartMs,
      startDelayMs: this.#startDelayMs,
      processedInFlightBytes: this.control.bytesProcessed() - this.#bytesProcessedAtStart,
    }
  }

  #endIfAllArrived(): void {
    if (this.#isAllArrived()) this.#end()
  }

  #abortCurrent(): void {
    const checkpointId = this.#currentCheckpointId
    this.#recorder?.abort()
    this.control.stopRecording()
    this.#end()
    this.target.abortCheckpointOnBarrier(checkpointId)
  }

  #end(): void {
    this.#cancelTimeout?.()
    this.#cancelTimeout = undefined
    this.#phase = 'idle'
    this.#recorder = undefined
    this.#arrived.fill(false)
    this.#arrivedInLine.fill(false)
    this.control.unblockAllChannels()
  }
}
