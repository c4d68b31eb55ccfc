import type { StrideSplit } from './stride-split.js'

/**
 * Merges the stride splits of one reader into one sequence of record numbers in increasing order, so a reader of
 * several splits emits its records as the single ordered stream would (event time advancing as the source's does).
 * Each split is a cursor at its next number. In the common case the cursors lie within one stride of each other and
 * the smallest one, advanced by the stride, becomes the largest: a rotation of a ring, O(1) per record. After a
 * restore that merged readers at different positions, an advanced cursor is inserted in order instead until the
 * cursors are within one stride again.
 */
export class StrideSplitQueue {
  readonly #end: number
  readonly #stride: number
  /** Next numbers of the unfinished splits, ascending from #head round the ring. */
  #ring: number[]
  #head = 0

  /** `end`: one past the last record number (Infinity when unbounded). All splits must share one stride. */
  constructor(splits: readonly StrideSplit[], end: number) {
    this.#end = end
    this.#stride = splits[0]?.stride ?? 1
    this.#ring = splits.map((split) => split.nextIndex).filter((index) => index < end).sort((a, b) => a - b)
  }

  /** Whether every split is finished. */
  get isEmpty(): boolean {
    return this.#ring.length === 0
  }

  /** How many splits are not finished. */
  get size(): number {
    return this.#ring.length
  }

  /** The smallest next number, which the caller emits before calling advance(); -1 when every split is finished. */
  peek(): number {
    return this.#ring.length === 0 ? -1 : this.#ring[this.#head]!
  }

  /** Moves past the number peek() returned. */
  advance(): void {
    const ring = this.#ring
    const size = ring.length
    const next = ring[this.#head]! + this.#stride
    if (next >= this.#end) {
      this.#remove()
      return
    }
    const last = ring[(this.#head + size - 1) % size]!
    if (next > last || size === 1) {
      ring[this.#head] = next
      this.#head = (this.#head + 1) % size
      return
    }
    this.#remove()
    const sorted = this.#ring
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (sorted[middle]! < next) low = middle + 1
      else high = middle
    }
    sorted.splice(low, 0, next)
  }

  /** The unfinished splits at their positions. */
  snapshot(): StrideSplit[] {
    return this.#ring.map((nextIndex) => {
      const residue = nextIndex % this.#stride
      return { splitId: String(residue), residue, stride: this.#stride, nextIndex }
    })
  }

  /** Drops the smallest cursor; the ring becomes a plain ascending array starting at 0. */
  #remove(): void {
    const ring = this.#ring
    this.#ring = [...ring.slice(this.#head + 1), ...ring.slice(0, this.#head)]
    this.#head = 0
  }
}
