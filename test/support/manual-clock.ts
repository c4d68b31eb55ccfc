import type { Clock } from '../../src/util/clock.js'

/** A Clock that moves only when a test says so. */
export class ManualClock implements Clock {
  #nowMs: number
  constructor(startMs = 0) { this.#nowMs = startMs }
  nowMs(): number { return this.#nowMs }
  relativeMs(): number { return this.#nowMs }
  advance(ms: number): void { this.#nowMs += ms }
}
