/**
 * The network buffers of one result partition (Flink's LocalBufferPool). A buffer is out while
 * it is filled, queued, in flight or read downstream, and comes back through recycle(). With
 * `capacity` buffers out the pool is unavailable: the producer is back-pressured and stops
 * taking input until a buffer returns.
 */
export class BufferPool {
  readonly #free: ArrayBuffer[] = []
  #out = 0
  /** Called whenever the pool goes from exhausted to available. */
  onAvailable: (() => void) | undefined

  constructor(readonly segmentSizeBytes: number, readonly capacity: number) {}

  /** Whether a buffer can be requested without exceeding the capacity. */
  get isAvailable(): boolean {
    return this.#out < this.capacity
  }

  /** Buffers out ÷ capacity (Flink's outPoolUsage); above 1 while overflowing. */
  get usage(): number {
    return this.#out / this.capacity
  }

  /**
   * A buffer to fill. Never fails: when the pool is exhausted mid-record it hands out one more,
   * because a synchronous operator cannot wait; the task checks isAvailable before taking the
   * next input, which bounds the overflow to the output of a single input element.
   */
  request(): ArrayBuffer {
    this.#out++
    return this.#free.pop() ?? new ArrayBuffer(this.segmentSizeBytes)
  }

  /** An unpooled buffer for a single record larger than a segment. */
  requestOversized(sizeBytes: number): ArrayBuffer {
    this.#out++
    return new ArrayBuffer(sizeBytes)
  }

  /** Takes a buffer back; oversized ones and any beyond the capacity are left to the GC. */
  recycle(buffer: ArrayBuffer): void {
    const wasAvailable = this.isAvailable
    this.#out--
    if (buffer.byteLength === this.segmentSizeBytes && this.#free.length < this.capacity) this.#free.push(buffer)
    if (!wasAvailable && this.isAvailable) this.onAvailable?.()
  }
}
