import type { Clock } from '../../util/clock.js'

// how much unused rate a subtask may save up and spend in a burst after a pause (a slow poll, backpressure);
// long enough to cover timer granularity between polls, short enough that the rate stays smooth
const BURST_MS = 100

/** A token bucket over a Clock: one token per record, refilled at a fixed rate. */
export class RecordRateLimiter {
  readonly #tokensPerMs: number
  readonly #capacity: number
  #tokens = 1
  #lastRefillMs: number

  constructor(recordsPerSecond: number, private readonly clock: Clock) {
    this.#tokensPerMs = recordsPerSecond / 1000
    this.#capacity = Math.max(1, this.#tokensPerMs * BURST_MS)
    this.#lastRefillMs = clock.relativeMs()
  }

  /** How many records may be emitted now, at most `wanted`; takes their tokens. */
  acquire(wanted: number): number {
    const nowMs = this.clock.relativeMs()
    this.#tokens = Math.min(this.#capacity, this.#tokens + (nowMs - this.#lastRefillMs) * this.#tokensPerMs)
    this.#lastRefillMs = nowMs
    const granted = Math.min(wanted, Math.floor(this.#tokens))
    this.#tokens -= granted
    return granted
  }

  /** Milliseconds until the next token is due. */
  msUntilNextToken(): number {
    return Math.max(0, (1 - this.#tokens) / this.#tokensPerMs)
  }
}
