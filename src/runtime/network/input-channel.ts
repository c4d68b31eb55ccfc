import type { ChannelEvent } from '../../protocol/messages.js'
import type { ChannelStateRecorder, PersistedBuffer } from '../checkpointing/channel-state.js'
import { ValueDecoder } from './value-decoder.js'

type ReceivedItem = { buffer: ArrayBuffer; length: number; startOffset: number; isRestored: boolean } | { event: ChannelEvent }

/** An in-line barrier that may turn unaligned, announced while it waits in the input queue. */
export interface AnnouncedBarrier extends PendingPriorityBarrier {
  readonly unalignAfterMs: number
  /** Whether the barrier handler heard of it. */
  isHandled: boolean
}

/** An unaligned checkpoint's barrier that overtook the data: everything received before it precedes it. */
export interface PendingPriorityBarrier {
  readonly checkpointId: number
  readonly triggerTimestampMs: number
  /** How many items the channel had received when the barrier came. */
  readonly receivedBefore: number
}

/**
 * One incoming channel of an input gate (Flink's RemoteInputChannel / LocalInputChannel): the
 * buffers received and not yet read, the read position in the current one, and the channel's
 * watermark and status.
 */
export class InputChannel {
  readonly decoder = new ValueDecoder()
  readonly #received: ReceivedItem[] = []
  #receivedHead = 0
  /** The buffer being read; undefined between buffers. */
  current: ArrayBuffer | undefined
  bytes: Uint8Array = new Uint8Array(0)
  view: DataView = new DataView(new ArrayBuffer(0))
  position = 0
  length = 0
  watermarkMs = Number.NEGATIVE_INFINITY
  isIdle = false
  isFinished = false
  /** The producer's end-of-data was read: only barriers and end-of-partition follow. */
  hasEndedData = false
  /** Waiting for checkpoint alignment: its elements after a barrier are not read yet. */
  isBlocked = false
  /** Whether the channel is in the gate's queue of channels with data. */
  isEnqueued = false
  /** Buffers the producer said were queued behind the last one it sent. */
  lastBacklog = 0
  floatingCreditsHeld = 0
  numBytesIn = 0
  /** Items received so far, numbering them. */
  #receivedTotal = 0
  #currentNumber = 0
  /** Whether the current buffer was replayed from channel state (it is not the producer's and earns no credit). */
  isCurrentRestored = false
  /** Where reading the current buffer resumes; the elements before it are decoded only for their value shapes. */
  resumeOffset = 0
  /** Unaligned barriers that arrived and that the task has not handled yet, oldest first. */
  readonly priorityBarriers: PendingPriorityBarrier[] = []
  /** In-line barriers received (announced) and not read yet that may turn unaligned; `receivedBefore` counts their buffer. */
  announcedBarriers: AnnouncedBarrier[] = []
  /** Set while an unaligned checkpoint records what this channel receives before its barrier. */
  recorder: ChannelStateRecorder | undefined

  constructor(readonly channelId: number, readonly inputIndex: 1 | 2, readonly gateIndex: number) {}

  receiveBuffer(buffer: ArrayBuffer, length: number, backlog: number): void {
    this.#received.push({ buffer, length, startOffset: 0, isRestored: false })
    this.recorder?.addInput(this.gateIndex, buffer, length, 0, this.#receivedTotal)
    this.#receivedTotal++
    this.lastBacklog = backlog
    this.numBytesIn += length
  }

  receiveEvent(event: ChannelEvent): void {
    this.#received.push({ event })
    this.#receivedTotal++
  }

  /** The buffer that ends with this in-line barrier is the last one received. */
  receiveBarrierAnnouncement(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): void {
    this.announcedBarriers.push({ checkpointId, triggerTimestampMs, unalignAfterMs, receivedBefore: this.#receivedTotal, isHandled: false })
  }

  receivePriorityBarrier(checkpointId: number, triggerTimestampMs: number): void {
    this.priorityBarriers.push({ checkpointId, triggerTimestampMs, receivedBefore: this.#receivedTotal })
  }

  /** The number of the current buffer (the n-th item received). */
  get currentItemNumber(): number {
    return this.#currentNumber
  }

  /** Queues the in-flight buffers of a restored checkpoint, to be read before anything the producer sends. */
  restoreInFlight(buffers: readonly PersistedBuffer[]): void {
    for (const { bytes, startOffset } of buffers) {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer
      this.#received.push({ buffer, length: bytes.length, startOffset, isRestored: true })
      this.#receivedTotal++
    }
  }

  /**
   * Hands the unprocessed buffers received before item number `receivedBefore` (all, when undefined) to a
   * channel state recorder: the rest of the current buffer, then the queued ones.
   */
  captureInFlight(recorder: ChannelStateRecorder, receivedBefore: number | undefined): void {
    const limit = receivedBefore ?? this.#receivedTotal
    if (this.current !== undefined && this.#currentNumber < limit && this.position < this.length) {
      recorder.addInput(this.gateIndex, this.current, this.length, this.position, this.#currentNumber)
    }
    const firstNumber = this.#receivedTotal - (this.#received.length - this.#receivedHead)
    for (let i = this.#receivedHead; i < this.#received.length && firstNumber + i - this.#receivedHead < limit; i++) {
      const item = this.#received[i]!
      if ('buffer' in item) recorder.addInput(this.gateIndex, item.buffer, item.length, item.startOffset, firstNumber + i - this.#receivedHead)
    }
  }

  get hasData(): boolean {
    return this.current !== undefined || this.#receivedHead < this.#received.length
  }

  get queuedBuffers(): number {
    return this.#received.length - this.#receivedHead + (this.current === undefined ? 0 : 1)
  }

  /** Takes the next received item: makes a buffer current, or returns an event. */
  advance(): ChannelEvent | undefined {
    const item = this.#received[this.#receivedHead]!
    this.#received[this.#receivedHead] = undefined as never
    this.#receivedHead++
    if (this.#receivedHead > 64 && this.#receivedHead * 2 > this.#received.length) {
      this.#received.splice(0, this.#receivedHead)
      this.#receivedHead = 0
    }
    if ('event' in item) return item.event
    this.#currentNumber = this.#receivedTotal - (this.#received.length - this.#receivedHead) - 1
    this.current = item.buffer
    this.bytes = new Uint8Array(item.buffer, 0, item.length)
    this.view = new DataView(item.buffer, 0, item.length)
    this.position = 0
    this.length = item.length
    this.resumeOffset = item.startOffset
    this.isCurrentRestored = item.isRestored
    this.decoder.reset()
    return undefined
  }

  /** Ends reading the current buffer and hands it back for recycling. */
  releaseCurrent(): ArrayBuffer {
    const buffer = this.current!
    this.current = undefined
    return buffer
  }
}
