import type { ChannelEvent } from '../../protocol/messages.js'
import { ValueEncoder } from './value-encoder.js'
import type { BufferPool } from './buffer-pool.js'
import type { ChannelTransport } from './channel-transport.js'

type QueuedItem = { buffer: ArrayBuffer; length: number } | { event: ChannelEvent }

/**
 * One outgoing channel of a result partition: the buffer being filled, the finished ones waiting
 * for credit, and the credit the consumer granted (Flink's PipelinedSubpartition + credit-based
 * flow control). A buffer is sent only against a credit, so a slow consumer stalls its producer.
 */
export class ResultSubpartition {
  readonly encoder = new ValueEncoder()
  /** The buffer being filled; undefined between buffers. */
  buffer: ArrayBuffer | undefined
  bytes: Uint8Array = new Uint8Array(0)
  view: DataView = new DataView(new ArrayBuffer(0))
  position = 0
  #credits = 0
  readonly #queue: QueuedItem[] = []
  #queueHead = 0
  bytesSent = 0

  constructor(readonly channelId: number, private readonly pool: BufferPool, private readonly transport: ChannelTransport) {}

  /** Starts filling a fresh pooled buffer. */
  startBuffer(): void {
    const buffer = this.pool.request()
    this.#use(buffer)
  }

  /** Starts filling an unpooled buffer big enough for one large record. */
  startOversizedBuffer(sizeBytes: number): void {
    this.#use(this.pool.requestOversized(sizeBytes))
  }

  #use(buffer: ArrayBuffer): void {
    this.buffer = buffer
    this.bytes = new Uint8Array(buffer)
    this.view = new DataView(buffer)
    this.position = 0
    this.encoder.reset()
  }

  /** Queues the buffer being filled (if it holds anything) and sends what credit allows. */
  finishBuffer(): void {
    const buffer = this.buffer
    if (buffer === undefined) return
    this.buffer = undefined
    if (this.position === 0) {
      this.pool.recycle(buffer)
      return
    }
    this.#queue.push({ buffer, length: this.position })
    this.position = 0
    this.#sendQueued()
  }

  /** Queues an event behind the data already queued. */
  addEvent(event: ChannelEvent): void {
    this.finishBuffer()
    this.#queue.push({ event })
    this.#sendQueued()
  }

  /** Sends an event at once, ahead of the queued buffers (an unaligned checkpoint's barrier). */
  sendPriorityEvent(event: ChannelEvent): void {
    this.transport.sendEvent(this.channelId, event)
  }

  /** Visits the finished buffers still waiting for credit, oldest first. */
  forEachQueuedBuffer(visit: (buffer: ArrayBuffer, length: number) => void): void {
    for (let i = this.#queueHead; i < this.#queue.length; i++) {
      const item = this.#queue[i]!
      if ('buffer' in item) visit(item.buffer, item.length)
    }
  }

  /** Queues a copy of restored bytes as a finished buffer. */
  enqueueCopy(bytes: Uint8Array): void {
    const buffer = bytes.length > this.pool.segmentSizeBytes ? this.pool.requestOversized(bytes.length) : this.pool.request()
    new Uint8Array(buffer).set(bytes)
    this.#queue.push({ buffer, length: bytes.length })
    this.#sendQueued()
  }

  /** The consumer granted credit and returned buffers it has read. */
  onCredit(credits: number, buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) this.pool.recycle(buffer)
    this.#credits += credits
    this.#sendQueued()
  }

  /** Finished buffers and events not yet sent. */
  get backlog(): number {
    return this.#queue.length - this.#queueHead
  }

  #sendQueued(): void {
    while (this.#queueHead < this.#queue.length) {
      const item = this.#queue[this.#queueHead]!
      if ('event' in item) {
        this.#queueHead++
        this.transport.sendEvent(this.channelId, item.event)
        continue
      }
      if (this.#credits === 0) break
      this.#credits--
      this.#queueHead++
      this.bytesSent += item.length
      this.transport.sendBuffer(this.channelId, item.buffer, item.length, this.#queue.length - this.#queueHead)
    }
    if (this.#queueHead > 64 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead)
      this.#queueHead = 0
    }
  }
}
