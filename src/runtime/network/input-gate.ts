import { CorruptNetworkBufferError } from '../../errors.js'
import type { ChannelEvent } from '../../protocol/messages.js'
import type { ChannelStateRecorder, PersistedBuffer } from '../checkpointing/channel-state.js'
import type { ChannelTransport } from './channel-transport.js'
import { InputChannel } from './input-channel.js'
import type { BarrierAlignmentControl, CheckpointBarrierHandler } from '../checkpointing/checkpoint-barrier-handler.js'
import {
  BARRIER_BYTES, ELEMENT_HEADER_BYTES, END_OF_DATA_BYTES, LATENCY_MARKER_BYTES, TAG_BARRIER, TAG_END_OF_DATA, TAG_LATENCY_MARKER, TAG_RECORD,
  TAG_RECORD_WITH_TIMESTAMP, TAG_STATUS_ACTIVE, TAG_STATUS_IDLE, TAG_WATERMARK,
} from './stream-element-tag.js'

/** What the gate delivers elements to: the head of the subtask's operator chain. */
export interface InputHandler {
  processRecord1(value: unknown, timestampMs: number): void
  processRecord2(value: unknown, timestampMs: number): void
  processWatermark(watermarkMs: number): void
  processWatermarkStatus(isIdle: boolean): void
  processLatencyMarker(markedTimeMs: number, sourceVertexIndex: number, sourceSubtaskIndex: number): void
  /** Checked before each element: false while the subtask's output is back-pressured. */
  isOutputAvailable(): boolean
}

/**
 * Why processElements returned. 'end-of-data': every channel's data ended, reported once; after it only barriers
 * and end-of-partition events come ('no-data' while waiting for them, 'end-of-input' once every channel ended).
 */
export type GateStatus = 'budget-exhausted' | 'back-pressured' | 'no-data' | 'end-of-data' | 'end-of-input'

/**
 * All input channels of one subtask (Flink's SingleInputGate, merged over both inputs of a
 * two-input operator): reads elements in the order channels received data, combines watermarks
 * as the minimum over active channels, and grants credit as buffers are consumed.
 */
export class InputGate implements BarrierAlignmentControl {
  readonly channels: InputChannel[]
  readonly #byChannelId = new Map<number, InputChannel>()
  readonly #withData: InputChannel[] = []
  #withDataHead = 0
  /** Channels with data that wait for checkpoint alignment; they rejoin #withData when unblocked. */
  #parked: InputChannel[] = []
  /** Set when checkpointing is on: decides on barriers (aligned or at-least-once). */
  barrierHandler: CheckpointBarrierHandler | undefined
  #floatingAvailable: number
  #combinedWatermarkMs = Number.NEGATIVE_INFINITY
  #isIdle = false
  #finishedChannels = 0
  /** Channels whose data ended (end-of-data read, or end-of-partition without it). */
  #endedDataChannels = 0
  #hasReportedEndOfData = false
  numRecordsIn = 0
  #bytesProcessed = 0
  /** Called when a channel receives data while the gate had none queued. */
  onDataAvailable: (() => void) | undefined
  /** Called when an unaligned barrier arrived: the task should call processPriorityBarriers between two elements. */
  onPriorityBarrier: (() => void) | undefined
  #hasPriorityBarrier = false

  constructor(
    channels: readonly { channelId: number; inputIndex: 1 | 2 }[],
    private readonly transport: ChannelTransport,
    private readonly buffersPerChannel: number,
    floatingBuffers: number,
  ) {
    this.channels = channels.map((c, i) => new InputChannel(c.channelId, c.inputIndex, i))
    for (const channel of this.channels) this.#byChannelId.set(channel.channelId, channel)
    this.#floatingAvailable = floatingBuffers
  }

  /** Grants every channel its exclusive credit; data starts flowing. */
  open(): void {
    for (const channel of this.channels) this.transport.sendCredit(channel.channelId, this.buffersPerChannel, [])
  }

  channel(channelId: number): InputChannel | undefined {
    return this.#byChannelId.get(channelId)
  }

  onBuffer(channel: InputChannel, buffer: ArrayBuffer, length: number, backlog: number): void {
    channel.receiveBuffer(buffer, length, backlog)
    if (backlog > 0 && this.#floatingAvailable > 0) {
      // floating buffers go to channels with a backlog, as in Flink's credit-based flow control
      this.#floatingAvailable--
      channel.floatingCreditsHeld++
      this.transport.sendCredit(channel.channelId, 1, [])
    }
    this.#enqueue(channel)
  }

  onEvent(channel: InputChannel, event: ChannelEvent): void {
    if (event.kind === 'end-of-partition') {
      channel.receiveEvent(event)
      this.#enqueue(channel)
      return
    }
    if (event.kind === 'barrier-announcement') {
      channel.receiveBarrierAnnouncement(event.checkpointId, event.triggerTimestampMs, event.unalignAfterMs)
    } else {
      channel.receivePriorityBarrier(event.checkpointId, event.triggerTimestampMs)
      // what arrives from now on follows the barrier: it is not part of the checkpoint's channel state
      if (channel.recorder?.checkpointId === event.checkpointId) this.#endRecording(channel, false)
    }
    this.#hasPriorityBarrier = true
    this.onPriorityBarrier?.()
  }

  /** Queues a restored checkpoint's in-flight input, by gate index, ahead of everything the producers send. */
  restoreInFlight(inputChannels: readonly (readonly PersistedBuffer[])[]): void {
    inputChannels.forEach((buffers, gateIndex) => {
      if (buffers.length === 0) return
      const channel = this.channels[gateIndex]!
      channel.restoreInFlight(buffers)
      this.#enqueue(channel)
    })
  }

  /** Hands the unaligned barriers that arrived to the barrier handler (between two elements). */
  processPriorityBarriers(): void {
    if (!this.#hasPriorityBarrier) return
    this.#hasPriorityBarrier = false
    // oldest checkpoint first: a newer barrier aborts an older checkpoint, never the other way round
    const pending = this.channels.flatMap((channel) => [
      ...channel.announcedBarriers.filter((a) => !a.isHandled).map((announced) => ({ channel, checkpointId: announced.checkpointId, announced })),
      ...channel.priorityBarriers.map((barrier) => ({ channel, checkpointId: barrier.checkpointId, barrier })),
    ]).sort((a, b) => a.checkpointId - b.checkpointId)
    for (const item of pending) {
      const { channel } = item
      if ('announced' in item) {
        const { checkpointId, triggerTimestampMs, unalignAfterMs } = item.announced
        item.announced.isHandled = this.barrierHandler?.onBarrierAnnounced(channel.gateIndex, checkpointId, triggerTimestampMs, unalignAfterMs) ?? true
        // deferred (an older checkpoint is in progress): offered again before the next elements are read
        if (!item.announced.isHandled) this.#hasPriorityBarrier = true
      } else {
        this.barrierHandler?.onPriorityBarrier(channel.gateIndex, item.barrier.checkpointId, item.barrier.triggerTimestampMs)
        channel.priorityBarriers.splice(channel.priorityBarriers.indexOf(item.barrier), 1)
      }
    }
  }

  captureInFlight(recorder: ChannelStateRecorder, hasDeliveredBarrier: readonly boolean[]): number[] {
    const arrivedByAnnouncement: number[] = []
    for (const channel of this.channels) {
      const barrier = channel.priorityBarriers.find((b) => b.checkpointId === recorder.checkpointId)
      const announced = channel.announcedBarriers.find((a) => a.checkpointId === recorder.checkpointId)
      if (channel.isFinished || hasDeliveredBarrier[channel.gateIndex]) {
        recorder.finishInput(channel.gateIndex)
      } else if (barrier !== undefined) {
        channel.captureInFlight(recorder, barrier.receivedBefore)
        recorder.finishInput(channel.gateIndex)
      } else if (announced !== undefined) {
        // the barrier is in the input queue already: what is before it, its own buffer included, is the state
        channel.captureInFlight(recorder, announced.receivedBefore)
        recorder.finishInput(channel.gateIndex)
        arrivedByAnnouncement.push(channel.gateIndex)
      } else {
        channel.captureInFlight(recorder, undefined)
        channel.recorder = recorder
      }
    }
    return arrivedByAnnouncement
  }

  /** The channel's barrier was read in line with its data: the buffer that held it is the last that belongs to the checkpoint. */
  endRecording(gateIndex: number): void {
    const channel = this.channels[gateIndex]!
    if (channel.recorder !== undefined) this.#endRecording(channel, true)
  }

  stopRecording(): void {
    for (const channel of this.channels) channel.recorder = undefined
  }

  #endRecording(channel: InputChannel, isAtCurrentBuffer: boolean): void {
    const recorder = channel.recorder!
    if (isAtCurrentBuffer) recorder.truncateInputAfter(channel.gateIndex, channel.currentItemNumber)
    recorder.finishInput(channel.gateIndex)
    channel.recorder = undefined
  }

  #enqueue(channel: InputChannel): void {
    if (channel.isEnqueued) return
    channel.isEnqueued = true
    const wasEmpty = !this.hasData
    this.#withData.push(channel)
    if (wasEmpty) this.onDataAvailable?.()
  }

  get hasData(): boolean {
    return this.#withDataHead < this.#withData.length
  }

  get isFinished(): boolean {
    return this.#finishedChannels === this.channels.length
  }

  get combinedWatermarkMs(): number {
    return this.#combinedWatermarkMs
  }

  /** Queued buffers ÷ buffers the gate may hold (Flink's inPoolUsage). */
  get usage(): number {
    let queued = 0
    for (const channel of this.channels) queued += channel.queuedBuffers
    return queued / (this.channels.length * this.buffersPerChannel + this.#floatingHeldTotal() + this.#floatingAvailable)
  }

  #floatingHeldTotal(): number {
    let held = 0
    for (const channel of this.channels) held += channel.floatingCreditsHeld
    return held
  }

  /** Delivers up to maxRecords records (and any watermarks between them) to the handler. */
  processElements(handler: InputHandler, maxRecords: number): GateStatus {
    if (this.#hasPriorityBarrier) this.processPriorityBarriers()
    let budget = maxRecords
    while (this.#withDataHead < this.#withData.length) {
      const channel = this.#withData[this.#withDataHead]!
      if (channel.isBlocked) {
        this.#parked.push(channel)
        this.#advanceHead()
        continue
      }
      if (channel.current === undefined) {
        const event = channel.advance()
        if (event !== undefined) {
          this.#finishChannel(channel, handler)
          this.#dequeueIfEmpty(channel)
          continue
        }
        if (channel.resumeOffset > 0) skipProcessedElements(channel)
      }
      const bytes = channel.bytes
      const view = channel.view
      const decoder = channel.decoder
      const isFirstInput = channel.inputIndex === 1
      let position = channel.position
      const length = channel.length
      while (position < length) {
        if (budget <= 0 || !handler.isOutputAvailable()) {
          channel.position = position
          return budget <= 0 ? 'budget-exhausted' : 'back-pressured'
        }
        const tag = bytes[position]!
        if (tag === TAG_RECORD_WITH_TIMESTAMP || tag === TAG_RECORD) {
          let timestampMs = Number.NaN
          if (tag === TAG_RECORD_WITH_TIMESTAMP) {
            timestampMs = view.getFloat64(position + 1, true)
            position += ELEMENT_HEADER_BYTES
          } else {
            position += 1
          }
          const value = decoder.decode(bytes, view, position)
          position = decoder.offset
          budget--
          this.numRecordsIn++
          // the position is saved first: a throwing operator must not see the record twice on inspection
          channel.position = position
          if (isFirstInput) handler.processRecord1(value, timestampMs)
          else handler.processRecord2(value, timestampMs)
        } else if (tag === TAG_WATERMARK) {
          const watermarkMs = view.getFloat64(position + 1, true)
          position += ELEMENT_HEADER_BYTES
          channel.position = position
          if (watermarkMs > channel.watermarkMs) {
            channel.watermarkMs = watermarkMs
            this.#recomputeWatermark(handler)
          }
        } else if (tag === TAG_BARRIER) {
          const checkpointId = view.getFloat64(position + 1, true)
          const triggerTimestampMs = view.getFloat64(position + 9, true)
          const unalignAfterMs = view.getFloat64(position + 17, true)
          position += BARRIER_BYTES
          channel.position = position
          if (channel.announcedBarriers.length > 0) channel.announcedBarriers = channel.announcedBarriers.filter((a) => a.checkpointId > checkpointId)
          // may snapshot the subtask right here, between two records
          this.barrierHandler?.onBarrier(channel.gateIndex, checkpointId, triggerTimestampMs, unalignAfterMs)
          if (channel.isBlocked) break
        } else if (tag === TAG_STATUS_IDLE || tag === TAG_STATUS_ACTIVE) {
          position += 1
          channel.position = position
          channel.isIdle = tag === TAG_STATUS_IDLE
          this.#recomputeWatermark(handler)
        } else if (tag === TAG_LATENCY_MARKER) {
          const markedTimeMs = view.getFloat64(position + 1, true)
          const sourceVertexIndex = view.getUint32(position + 9, true)
          const sourceSubtaskIndex = view.getUint32(position + 13, true)
          position += LATENCY_MARKER_BYTES
          channel.position = position
          handler.processLatencyMarker(markedTimeMs, sourceVertexIndex, sourceSubtaskIndex)
        } else if (tag === TAG_END_OF_DATA) {
          position += END_OF_DATA_BYTES
          channel.position = position
          this.#endChannelData(channel, handler)
        } else {
          throw new CorruptNetworkBufferError(channel.channelId, position, tag)
        }
      }
      if (position < length) {
        // blocked by alignment in the middle of a buffer: the rest waits
        this.#parked.push(channel)
        this.#advanceHead()
        continue
      }
      this.#recycleCurrent(channel)
      this.#dequeueIfEmpty(channel)
    }
    if (this.#endedDataChannels === this.channels.length && !this.#hasReportedEndOfData) {
      this.#hasReportedEndOfData = true
      return 'end-of-data'
    }
    return this.isFinished ? 'end-of-input' : 'no-data'
  }

  /** Whether every channel's data ended (end-of-data was reported, or is about to be). */
  get hasEndedData(): boolean {
    return this.#endedDataChannels === this.channels.length
  }

  /** A channel's data ended: its watermark no longer holds the others back. */
  #endChannelData(channel: InputChannel, handler: InputHandler): void {
    if (channel.hasEndedData) return
    channel.hasEndedData = true
    this.#endedDataChannels++
    channel.watermarkMs = Number.POSITIVE_INFINITY
    this.#recomputeWatermark(handler)
  }

  #recycleCurrent(channel: InputChannel): void {
    this.#bytesProcessed += channel.length
    const isRestored = channel.isCurrentRestored
    const buffer = channel.releaseCurrent()
    if (isRestored) return // replayed from a checkpoint: no producer is waiting for it
    if (channel.floatingCreditsHeld > 0 && channel.lastBacklog === 0) {
      channel.floatingCreditsHeld--
      this.#floatingAvailable++
      this.transport.sendCredit(channel.channelId, 0, [buffer])
    } else {
      this.transport.sendCredit(channel.channelId, 1, [buffer])
    }
  }

  #dequeueIfEmpty(channel: InputChannel): void {
    if (channel.hasData) {
      // round robin: a channel with more data goes to the back of the queue
      this.#withData.push(channel)
    } else {
      channel.isEnqueued = false
    }
    this.#advanceHead()
  }

  #advanceHead(): void {
    this.#withDataHead++
    if (this.#withDataHead > 64 && this.#withDataHead * 2 > this.#withData.length) {
      this.#withData.splice(0, this.#withDataHead)
      this.#withDataHead = 0
    }
  }

  /** Bytes read so far: buffers read to their end, and the part read of the current ones (only asked at barriers). */
  bytesProcessed(): number {
    let bytes = this.#bytesProcessed
    for (const channel of this.channels) if (channel.current !== undefined) bytes += channel.position
    return bytes
  }

  blockChannel(gateIndex: number): void {
    this.channels[gateIndex]!.isBlocked = true
  }

  unblockAllChannels(): void {
    for (const channel of this.channels) channel.isBlocked = false
    if (this.#parked.length === 0) return
    const wasEmpty = !this.hasData
    for (const channel of this.#parked) this.#withData.push(channel)
    this.#parked = []
    if (wasEmpty) this.onDataAvailable?.()
  }

  #finishChannel(channel: InputChannel, handler: InputHandler): void {
    this.#endChannelData(channel, handler)
    channel.isFinished = true
    channel.recorder?.finishInput(channel.gateIndex)
    channel.recorder = undefined
    this.barrierHandler?.onChannelFinished(channel.gateIndex)
    // the producer sends nothing after end-of-partition: its floating credit goes back to the gate
    // (otherwise a last buffer that announced a backlog would keep it from the live channels forever)
    this.#floatingAvailable += channel.floatingCreditsHeld
    channel.floatingCreditsHeld = 0
    channel.watermarkMs = Number.POSITIVE_INFINITY
    this.#finishedChannels++
    this.#recomputeWatermark(handler)
  }

  /** Flink's StatusWatermarkValve: the minimum over active channels; idle when all are idle. */
  #recomputeWatermark(handler: InputHandler): void {
    let min = Number.POSITIVE_INFINITY
    let hasActive = false
    for (const channel of this.channels) {
      if (channel.isIdle && !channel.isFinished) continue
      hasActive = true
      if (channel.watermarkMs < min) min = channel.watermarkMs
    }
    if (!hasActive) {
      if (!this.#isIdle) {
        this.#isIdle = true
        handler.processWatermarkStatus(true)
      }
      return
    }
    if (this.#isIdle) {
      this.#isIdle = false
      handler.processWatermarkStatus(false)
    }
    if (min > this.#combinedWatermarkMs) {
      this.#combinedWatermarkMs = min
      handler.processWatermark(min)
    }
  }
}

/**
 * Moves a restored buffer's read position to where the checkpoint left it, decoding the records
 * before it only so that the decoder learns the value shapes they define.
 */
function skipProcessedElements(channel: InputChannel): void {
  const { bytes, view, decoder } = channel
  let position = 0
  while (position < channel.resumeOffset) {
    const tag = bytes[position]!
    if (tag === TAG_RECORD_WITH_TIMESTAMP || tag === TAG_RECORD) {
      decoder.decode(bytes, view, position + (tag === TAG_RECORD ? 1 : ELEMENT_HEADER_BYTES))
      position = decoder.offset
    } else if (tag === TAG_WATERMARK) {
      position += ELEMENT_HEADER_BYTES
    } else if (tag === TAG_BARRIER) {
      position += BARRIER_BYTES
    } else if (tag === TAG_STATUS_IDLE || tag === TAG_STATUS_ACTIVE) {
      position += 1
    } else if (tag === TAG_LATENCY_MARKER) {
      position += LATENCY_MARKER_BYTES
    } else if (tag === TAG_END_OF_DATA) {
      position += END_OF_DATA_BYTES
    } else {
      throw new CorruptNetworkBufferError(channel.channelId, position, tag)
    }
  }
  channel.position = position
}
