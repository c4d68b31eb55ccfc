import type { Clock } from '../../util/clock.js'
import type { BarrierAlignmentControl, CheckpointBarrierHandler, CheckpointBarrierTarget } from './checkpoint-barrier-handler.js'

/**
 * Exactly-once alignment (Flink's SingleCheckpointBarrierHandler, aligned): a channel that
 * delivered the barrier of checkpoint n is blocked until every channel has delivered it, so the
 * snapshot covers exactly the records before the barriers; then all channels resume.
 */
export class AlignedBarrierHandler implements CheckpointBarrierHandler {
  readonly #arrived: boolean[]
  readonly #finished: boolean[]
  #currentCheckpointId = -1
  #numArrived = 0
  #alignmentStartMs = 0
  #startDelayMs = 0
  #triggerTimestampMs = 0

  constructor(numChannels: number, private readonly control: BarrierAlignmentControl,
    private readonly target: CheckpointBarrierTarget, private readonly clock: Clock) {
    this.#arrived = new Array<boolean>(numChannels).fill(false)
    this.#finished = new Array<boolean>(numChannels).fill(false)
  }

  onBarrier(gateIndex: number, checkpointId: number, triggerTimestampMs: number): void {
    if (checkpointId < this.#currentCheckpointId) return // an older, already aborted checkpoint
    if (checkpointId > this.#currentCheckpointId) {
      if (this.#numArrived > 0) this.#abortCurrent()
      this.#currentCheckpointId = checkpointId
      this.#alignmentStartMs = this.clock.relativeMs()
      this.#startDelayMs = Math.max(0, this.clock.nowMs() - triggerTimestampMs)
      this.#triggerTimestampMs = triggerTimestampMs
    }
    if (this.#arrived[gateIndex]) return
    this.#arrived[gateIndex] = true
    this.#numArrived++
    this.control.blockChannel(gateIndex)
    this.#completeIfAligned()
  }

  onChannelFinished(gateIndex: number): void {
    this.#finished[gateIndex] = true
    if (this.#numArrived > 0) this.#completeIfAligned()
  }

  #completeIfAligned(): void {
    for (let i = 0; i < this.#arrived.length; i++) if (!this.#arrived[i] && !this.#finished[i]) return
    const alignmentDurationMs = this.clock.relativeMs() - this.#alignmentStartMs
    const checkpointId = this.#currentCheckpointId
    this.#reset()
    this.target.triggerCheckpointOnBarrier(checkpointId, this.#triggerTimestampMs, alignmentDurationMs, this.#startDelayMs)
  }

  #abortCurrent(): void {
    const checkpointId = this.#currentCheckpointId
    this.#reset()
    this.target.abortCheckpointOnBarrier(checkpointId)
  }

  #reset(): void {
    this.#arrived.fill(false)
    this.#numArrived = 0
    this.control.unblockAllChannels()
  }
}
