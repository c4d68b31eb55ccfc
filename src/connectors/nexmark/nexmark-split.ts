import type { NexmarkConfig } from './nexmark-config.js'
import type { NexmarkEvent } from './nexmark-event.js'
import { NexmarkGenerator } from './nexmark-generator.js'

/**
 * Walks one split of the Nexmark stream: split i of n holds the events whose number is i
 * modulo n, so the splits together hold every event of the stream exactly once.
 */
export class NexmarkSplitCursor {
  readonly #generator: NexmarkGenerator
  readonly #stride: number
  readonly #end: number
  #next: number

  /** `lastEmitted` resumes after that event number (as `position` reported it). */
  constructor(config: NexmarkConfig, split: number, numSplits: number, lastEmitted?: number) {
    this.#generator = new NexmarkGenerator(config)
    this.#stride = numSplits
    this.#end = config.totalEvents
    this.#next = lastEmitted === undefined || lastEmitted < 0 ? split : lastEmitted + numSplits
  }

  hasNext(): boolean {
    return this.#next < this.#end
  }

  next(): NexmarkEvent {
    const event = this.#generator.event(this.#next)
    this.#next += this.#stride
    return event
  }

  /** The number of the last event returned (negative before the first). */
  get position(): number {
    return this.#next - this.#stride
  }
}
