import type { ChannelEvent } from '../../protocol/messages.js'
import { ValueDecoder } from './value-decoder.js'

type ReceivedItem = { buffer: ArrayBuffer; length: number } | { event: ChannelEvent }

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
  /** Waiting for checkpoint alignment: its elements after a barrier are not read yet. */
  isBlocked = false
  /** Whether the channel is in the gate's queue of channels with data. */
  isEnqueued = false
  /** Buffers the producer said were queued behind the last one it sent. */
  lastBacklog = 0
  floatingCreditsHeld = 0
  numBytesIn = 0

  constructor(readonly channelId: number, readonly inputIndex: 1 | 2, readonly gateIndex: number) {}

  receiveBuffer(buffer: ArrayBuffer, length: number, backlog: number): void {
    this.#received.push({ buffer, length })
    this.lastBacklog = backlog
    this.numBytesIn += length
  }

  receiveEvent(event: ChannelEvent): void {
    this.#received.push({ event })
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
    this.current = item.buffer
    this.bytes = new Uint8Array(item.buffer, 0, item.length)
    this.view = new DataView(item.buffer, 0, item.length)
    this.position = 0
    this.length = item.length
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
