/**
 * A small, fast pseudo-random sequence (SplitMix32) reseeded for every event, so an event's
 * fields depend only on the seed and its id: any split, at any parallelism, regenerates it exactly.
 */
export class EventRandom {
  #state = 0

  /** Starts the sequence of one event. */
  reseed(seed: number, eventId: number): void {
    const low = eventId >>> 0
    const high = Math.floor(eventId / 0x1_0000_0000) >>> 0
    this.#state = mix(mix(seed >>> 0 ^ 0x5bd1e995) ^ mix(low + 0x9e3779b9) ^ Math.imul(high, 0x85ebca6b))
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.#state = (this.#state + 0x9e3779b9) | 0
    return mix(this.#state)
  }

  /** A uniform integer in [0, bound) for bound ≤ 2^32. */
  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound)
  }

  /** A uniform double in [0, 1) with 32 bits of precision, enough for prices and choices. */
  nextDouble(): number {
    return this.nextUint32() / 0x1_0000_0000
  }
}

function mix(value: number): number {
  let z = value | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}
