import type { Key, Namespace } from '../key.js'
import type { InternalTimer } from '../internal-timer-service.js'

// below this many slots a bucket finds a timer by scanning; windows put thousands of keys on one timestamp
const INDEX_THRESHOLD = 8

/** A timer while it waits in a queue; isQueued turns false once it is polled or deleted. */
class QueuedTimer implements InternalTimer {
  isQueued = true
  constructor(readonly timestampMs: number, readonly key: Key, readonly namespace: Namespace) {}
}

/** The timers of one timestamp, in registration order (the order ties fire in). */
class TimerBucket {
  /** Position in the queue's heap array, kept by the heap so an emptied bucket is removed in O(log n). */
  heapIndex = -1
  readonly timestampMs: number
  /** Registration order; slots before `cursor` were polled and slots with !isQueued were deleted. */
  slots: QueuedTimer[]
  cursor = 0
  size = 1
  /** By namespace first: the timers of one timestamp mostly share a namespace (one window, or VOID). */
  index: Map<Namespace, Map<Key, QueuedTimer>> | undefined = undefined

  constructor(first: QueuedTimer) {
    this.timestampMs = first.timestampMs
    // a literal of one: most timestamps hold one timer, and a first push() would reserve 17 slots
    this.slots = [first]
  }

  find(key: Key, namespace: Namespace): QueuedTimer | undefined {
    if (this.index !== undefined) {
      // polled timers stay in the index (see takeNext) but are no longer queued
      const indexed = this.index.get(namespace)?.get(key)
      return indexed !== undefined && indexed.isQueued ? indexed : undefined
    }
    const slots = this.slots
    for (let i = this.cursor; i < slots.length; i++) {
      const timer = slots[i]!
      if (timer.isQueued && sameValueZero(timer.key, key) && sameValueZero(timer.namespace, namespace)) return timer
    }
    return undefined
  }

  append(timer: QueuedTimer): void {
    this.slots.push(timer)
    this.size++
    if (this.index !== undefined) this.#indexTimer(timer)
    else if (this.slots.length - this.cursor > INDEX_THRESHOLD) this.#buildIndex()
  }

  /** The next timer in registration order, taken out of the bucket. */
  takeNext(): QueuedTimer | undefined {
    const slots = this.slots
    while (this.cursor < slots.length) {
      const timer = slots[this.cursor++]!
      if (timer.isQueued) {
        // a polled timer is left in the index: a bucket is polled to its end, and the index entries
        // are dropped with it, so deleting them one by one would be wasted work on the firing path
        timer.isQueued = false
        this.size--
        return timer
      }
    }
    return undefined
  }

  detach(timer: QueuedTimer): void {
    timer.isQueued = false
    this.size--
    if (this.index === undefined) return
    const byKey = this.index.get(timer.namespace)!
    byKey.delete(timer.key)
    if (byKey.size === 0) this.index.delete(timer.namespace)
    // deleted timers leave holes; compact once they outnumber the live ones, so a register/delete loop stays bounded
    if (this.slots.length - this.cursor > 2 * this.size + INDEX_THRESHOLD) {
      this.slots = [...this.live()]
      this.cursor = 0
    }
  }

  * live(): Generator<QueuedTimer> {
    const slots = this.slots
    for (let i = this.cursor; i < slots.length; i++) {
      const timer = slots[i]!
      if (timer.isQueued) yield timer
    }
  }

  #buildIndex(): void {
    this.index = new Map()
    for (const timer of this.live()) this.#indexTimer(timer)
  }

  #indexTimer(timer: QueuedTimer): void {
    let byKey = this.index!.get(timer.namespace)
    if (byKey === undefined) {
      byKey = new Map()
      this.index!.set(timer.namespace, byKey)
    }
    byKey.set(timer.key, timer)
  }
}

/**
 * Timers of one time domain, deduplicated per (key, namespace, timestamp) and polled in timestamp
 * order, ties in registration order. A binary min-heap holds one bucket per distinct timestamp,
 * because windows put many keys on the same timestamp (the window's end): the heap stays small
 * and most registrations are a Map lookup plus an append.
 */
export class TimerQueue {
  readonly #heap: TimerBucket[] = []
  readonly #buckets = new Map<number, TimerBucket>()
  #size = 0

  size(): number {
    return this.#size
  }

  /** Adds a timer; false when the same (key, namespace, timestamp) is already queued. */
  add(key: Key, namespace: Namespace, timestampMs: number): boolean {
    const bucket = this.#buckets.get(timestampMs)
    if (bucket === undefined) {
      const created = new TimerBucket(new QueuedTimer(timestampMs, key, namespace))
      this.#buckets.set(timestampMs, created)
      this.#heapPush(created)
    } else {
      if (bucket.find(key, namespace) !== undefined) return false
      bucket.append(new QueuedTimer(timestampMs, key, namespace))
    }
    this.#size++
    return true
  }

  /** Removes a timer; false when it is not queued. */
  remove(key: Key, namespace: Namespace, timestampMs: number): boolean {
    const bucket = this.#buckets.get(timestampMs)
    if (bucket === undefined) return false
    const timer = bucket.find(key, namespace)
    if (timer === undefined) return false
    bucket.detach(timer)
    this.#size--
    if (bucket.size === 0) this.#removeBucket(bucket)
    return true
  }

  /** The earliest queued timestamp; undefined when the queue is empty. */
  peekTimestampMs(): number | undefined {
    return this.#heap[0]?.timestampMs
  }

  /** Takes the earliest timer if its timestamp is at or before maxTimestampMs. */
  poll(maxTimestampMs: number): InternalTimer | undefined {
    const bucket = this.#heap[0]
    if (bucket === undefined || bucket.timestampMs > maxTimestampMs) return undefined
    const timer = bucket.takeNext()!
    this.#size--
    if (bucket.size === 0) this.#removeBucket(bucket)
    return timer
  }

  /** Every queued timer in firing order, for snapshots. */
  * timers(): Generator<InternalTimer> {
    const buckets = [...this.#heap].sort((a, b) => a.timestampMs - b.timestampMs)
    for (const bucket of buckets) yield* bucket.live()
  }

  /**
   * The queued timers in firing order, as one array (checkpoints). The timers are the queue's own, which is safe:
   * their key, namespace and timestamp never change, a fired or deleted one only leaves the queue.
   */
  timersInOrder(): InternalTimer[] {
    const buckets = [...this.#heap].sort((a, b) => a.timestampMs - b.timestampMs)
    const timers: InternalTimer[] = []
    for (const bucket of buckets) {
      const slots = bucket.slots
      for (let i = bucket.cursor; i < slots.length; i++) if (slots[i]!.isQueued) timers.push(slots[i]!)
    }
    return timers
  }

  #removeBucket(bucket: TimerBucket): void {
    this.#buckets.delete(bucket.timestampMs)
    const heap = this.#heap
    const index = bucket.heapIndex
    const last = heap.pop()!
    bucket.heapIndex = -1
    if (last === bucket) return
    heap[index] = last
    last.heapIndex = index
    this.#siftDown(index)
    this.#siftUp(last.heapIndex)
  }

  #heapPush(bucket: TimerBucket): void {
    bucket.heapIndex = this.#heap.length
    this.#heap.push(bucket)
    this.#siftUp(bucket.heapIndex)
  }

  #siftUp(index: number): void {
    const heap = this.#heap
    const bucket = heap[index]!
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = heap[parentIndex]!
      if (parent.timestampMs <= bucket.timestampMs) break
      heap[index] = parent
      parent.heapIndex = index
      index = parentIndex
    }
    heap[index] = bucket
    bucket.heapIndex = index
  }

  #siftDown(index: number): void {
    const heap = this.#heap
    const length = heap.length
    const bucket = heap[index]!
    for (;;) {
      const left = 2 * index + 1
      if (left >= length) break
      const right = left + 1
      const child = right < length && heap[right]!.timestampMs < heap[left]!.timestampMs ? right : left
      const smallest = heap[child]!
      if (smallest.timestampMs >= bucket.timestampMs) break
      heap[index] = smallest
      smallest.heapIndex = index
      index = child
    }
    heap[index] = bucket
    bucket.heapIndex = index
  }
}

// the equality Map uses, so the scan and the index agree (NaN keys, -0)
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b))
}
