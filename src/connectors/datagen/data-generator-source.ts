import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from '../../api/source.js'
import { InvalidConnectorArgumentError } from '../../errors.js'
import { type Clock, systemClock } from '../../util/clock.js'

/** Options of a DataGeneratorSource. */
export interface DataGeneratorSourceOptions {
  /** Total rate over all subtasks; each subtask gets an equal share. Unlimited when undefined. */
  readonly recordsPerSecond?: number
  /** Time for the rate limit; tests pass a ManualClock. */
  readonly clock?: Clock
}

/** Resume position of a generator reader: the next index it generates. */
export interface DataGeneratorReaderState {
  readonly nextIndex: number
}

// how much unused rate a subtask may save up and spend in a burst after a pause (a slow poll, backpressure);
// long enough to cover timer granularity between polls, short enough that the rate stays smooth
const BURST_MS = 100

/** A token bucket over a Clock: one token per record, refilled at a fixed rate. */
class RecordRateLimiter {
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

/** Generates the indices i < count with i % parallelism === subtaskIndex, optionally rate limited. */
class DataGeneratorReader<T> implements SourceReader<T, DataGeneratorReaderState> {
  #nextIndex: number

  constructor(private readonly generator: (index: number) => T, private readonly count: number,
    private readonly parallelism: number, subtaskIndex: number, private readonly limiter: RecordRateLimiter | undefined,
    restored: DataGeneratorReaderState | undefined) {
    // the state is only meaningful at the parallelism it was taken at: it names a global index of this subtask's stride
    this.#nextIndex = restored?.nextIndex ?? subtaskIndex
  }

  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus {
    const { generator, count, parallelism } = this
    if (this.#nextIndex >= count) return 'END_OF_INPUT'
    const allowed = this.limiter === undefined ? maxRecords : this.limiter.acquire(maxRecords)
    let index = this.#nextIndex
    for (let emitted = 0; emitted < allowed && index < count; emitted++) {
      const value = generator(index)
      // advance before collect so a snapshot taken downstream of collect already counts this record
      this.#nextIndex = index + parallelism
      output.collect(value)
      index = this.#nextIndex
    }
    if (index >= count) return 'END_OF_INPUT'
    return allowed < maxRecords ? 'NOTHING_AVAILABLE' : 'MORE_AVAILABLE'
  }

  waitMs(): number {
    return this.limiter?.msUntilNextToken() ?? 0
  }

  snapshotState(): DataGeneratorReaderState {
    return { nextIndex: this.#nextIndex }
  }
}

/**
 * Generates records from their index (Flink's DataGeneratorSource): indices 0..count-1 split
 * across subtasks by index % parallelism, unbounded when count is Infinity, optionally limited to
 * `recordsPerSecond` in total (a token bucket per subtask with an equal share of the rate).
 */
export class DataGeneratorSource<T> implements Source<T, DataGeneratorReaderState> {
  readonly boundedness: Boundedness
  readonly #recordsPerSecond: number | undefined
  readonly #clock: Clock

  constructor(private readonly generator: (index: number) => T, private readonly count: number,
    options: DataGeneratorSourceOptions = {}) {
    if (typeof generator !== 'function') {
      throw new InvalidConnectorArgumentError('DataGeneratorSource', `the generator must be a function (index) => record, got ${typeof generator}`)
    }
    if (!(count === Number.POSITIVE_INFINITY || (Number.isInteger(count) && count >= 0))) {
      throw new InvalidConnectorArgumentError('DataGeneratorSource',
        `count must be a whole number of at least 0 or Infinity (unbounded), got ${String(count)}`)
    }
    const { recordsPerSecond } = options
    if (recordsPerSecond !== undefined && !(Number.isFinite(recordsPerSecond) && recordsPerSecond > 0)) {
      throw new InvalidConnectorArgumentError('DataGeneratorSource',
        `recordsPerSecond must be a finite number above 0 (leave it out for no limit), got ${String(recordsPerSecond)}`)
    }
    this.boundedness = count === Number.POSITIVE_INFINITY ? 'CONTINUOUS_UNBOUNDED' : 'BOUNDED'
    this.#recordsPerSecond = recordsPerSecond
    this.#clock = options.clock ?? systemClock
  }

  createReader(context: SourceReaderContext, restoredState?: DataGeneratorReaderState): SourceReader<T, DataGeneratorReaderState> {
    const limiter = this.#recordsPerSecond === undefined
      ? undefined
      : new RecordRateLimiter(this.#recordsPerSecond / context.parallelism, this.#clock)
    return new DataGeneratorReader(this.generator, this.count, context.parallelism, context.subtaskIndex, limiter, restoredState)
  }
}
