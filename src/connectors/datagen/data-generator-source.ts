import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SplitEnumeratorContext } from '../../api/source.js'
import { InvalidConnectorArgumentError } from '../../errors.js'
import { type Clock, systemClock } from '../../util/clock.js'
import { createStrideSplits, type StrideSplit } from '../split/stride-split.js'
import { StrideSplitQueue } from '../split/stride-split-queue.js'
import { RecordRateLimiter } from './record-rate-limiter.js'

/** Options of a DataGeneratorSource. */
export interface DataGeneratorSourceOptions {
  /** Total rate over all subtasks; each subtask gets an equal share. Unlimited when undefined. */
  readonly recordsPerSecond?: number
  /** Time for the rate limit; tests pass a ManualClock. */
  readonly clock?: Clock
}

/** Generates the indices of its stride splits in increasing order, optionally rate limited. */
class DataGeneratorReader<T> implements SourceReader<T, StrideSplit> {
  #queue = new StrideSplitQueue([], 0)
  #limiter: RecordRateLimiter | undefined

  constructor(private readonly generator: (index: number) => T, private readonly count: number,
    private readonly recordsPerSecond: number | undefined, private readonly clock: Clock) {}

  addSplits(splits: readonly StrideSplit[]): void {
    this.#queue = new StrideSplitQueue(splits, this.count)
    const rate = this.recordsPerSecond
    if (rate === undefined || splits.length === 0) return
    // every split of the source carries an equal share of the rate: a reader of more splits emits faster
    const numSplits = Math.min(splits[0]!.stride, this.count)
    this.#limiter = new RecordRateLimiter(rate * splits.length / numSplits, this.clock)
  }

  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus {
    const queue = this.#queue
    if (queue.isEmpty) return 'END_OF_INPUT'
    const allowed = this.#limiter === undefined ? maxRecords : this.#limiter.acquire(maxRecords)
    const generator = this.generator
    for (let emitted = 0; emitted < allowed && !queue.isEmpty; emitted++) {
      const index = queue.peek()
      const value = generator(index)
      // advance before collect so a snapshot taken downstream of collect already counts this record
      queue.advance()
      output.collect(value)
    }
    if (queue.isEmpty) return 'END_OF_INPUT'
    return allowed < maxRecords ? 'NOTHING_AVAILABLE' : 'MORE_AVAILABLE'
  }

  waitMs(): number {
    return this.#limiter?.msUntilNextToken() ?? 0
  }

  snapshotState(): StrideSplit[] {
    return this.#queue.snapshot()
  }
}

/**
 * Generates records from their index (Flink's DataGeneratorSource): indices 0..count-1, unbounded when count is
 * Infinity, in as many stride splits as the job's max parallelism allows, optionally limited to `recordsPerSecond`
 * in total (a token bucket per reader, with the share of the rate of the splits it reads).
 */
export class DataGeneratorSource<T> implements Source<T, StrideSplit> {
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

  createSplits(context: SplitEnumeratorContext): StrideSplit[] {
    return createStrideSplits(this.count, context.maxParallelism)
  }

  createReader(): SourceReader<T, StrideSplit> {
    return new DataGeneratorReader(this.generator, this.count, this.#recordsPerSecond, this.#clock)
  }
}
