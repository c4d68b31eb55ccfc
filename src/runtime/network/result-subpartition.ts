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
  /** Items ever queued, numbering them. */
  #queuedTotal = 0
  /** In-line barriers still queued (aligned checkpoints that may turn unaligned), oldest first. */
  readonly #queuedBarriers: { readonly checkpointId: number; readonly triggerTimestampMs: number; readonly unalignAfterMs: number; readonly itemNumber: number }[] = []
  /** Called when the buffer holding a checkpoint's in-line barrier leaves. */
  onInlineBarrierSent: ((checkpointId: number) => void) | undefined
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
    this.#push({ buffer, length: this.position })
    this.position = 0
    this.#sendQueued()
  }

  /** Queues an event behind the data already queued. */
  addEvent(event: ChannelEvent): void {
    this.finishBuffer()
    this.#push({ event })
    this.#sendQueued()
  }

  #push(item: QueuedItem): void {
    this.#queue.push(item)
    this.#queuedTotal++
  }

  /**
   * Called right after an in-line barrier that may turn unaligned closed a buffer: announces it to the consumer
   * once the buffer leaves, and while it waits for credit remembers it (it may have to overtake) and returns true.
   */
  trackInlineBarrier(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): boolean {
    if (this.#queueHead === this.#queue.length) {
      this.sendPriorityEvent({ kind: 'barrier-announcement', checkpointId, triggerTimestampMs, unalignAfterMs })
      return false
    }
    this.#queuedBarriers.push({ checkpointId, triggerTimestampMs, unalignAfterMs, itemNumber: this.#queuedTotal - 1 })
    return true
  }

  /**
   * Turns a checkpoint's queued in-line barrier into an unaligned one: the buffers up to the one holding it go to
   * `capture` (they stay queued and are sent as usual), and the barrier is sent ahead of them. False when the
   * barrier already left.
   */
  overtakeInlineBarrier(checkpointId: number, triggerTimestampMs: number, capture: (buffer: ArrayBuffer, length: number) => void): boolean {
    const at = this.#queuedBarriers.findIndex((b) => b.checkpointId === checkpointId)
    if (at < 0) return false
    const lastItem = this.#queuedBarriers[at]!.itemNumber
    const firstItem = this.#queuedTotal - (this.#queue.length - this.#queueHead)
    for (let i = this.#queueHead; i < this.#queue.length && firstItem + i - this.#queueHead <= lastItem; i++) {
      const item = this.#queue[i]!
      if ('buffer' in item) capture(item.buffer, item.length)
    }
    // older barriers in the overtaken part are overtaken too: the newer checkpoint subsumes them
    this.#queuedBarriers.splice(0, at + 1)
    this.sendPriorityEvent({ kind: 'priority-barrier', checkpointId, triggerTimestampMs })
    return true
  }

  #announceSentBarrier(): void {
    const { checkpointId, triggerTimestampMs, unalignAfterMs } = this.#queuedBarriers.shift()!
    this.sendPriorityEvent({ kind: 'barrier-announcement', checkpointId, triggerTimestampMs, unalignAfterMs })
    this.onInlineBarrierSent?.(checkpointId)
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
    this.#push({ buffer, length: bytes.length })
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
      const itemNumber = this.#queuedTotal - (this.#queue.length - this.#queueHead)
      this.#queueHead++
      this.bytesSent += item.length
      this.transport.sendBuffer(this.channelId, item.buffer, item.length, this.#queue.length - this.#queueHead)
      if (this.#queuedBarriers.length > 0 && this.#queuedBarriers[0]!.itemNumber <= itemNumber) this.#announceSentBarrier()
    }
    if (this.#queueHead > 64 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead)
      this.#queueHead = 0
    }
  }
}
