import type { InputStatus, ReaderOutput, Source, SourceReader, SplitEnumeratorContext } from '../../api/source.js'
import { createStrideSplits, type StrideSplit } from '../split/stride-split.js'
import { StrideSplitQueue } from '../split/stride-split-queue.js'
import type { NexmarkConfig } from './nexmark-config.js'
import type { NexmarkEvent } from './nexmark-event.js'
import { NexmarkGenerator } from './nexmark-generator.js'

/** Reads the events of its stride splits in event-number order; emits at full speed. */
class NexmarkReader implements SourceReader<NexmarkEvent, StrideSplit> {
  readonly #generator: NexmarkGenerator
  #queue = new StrideSplitQueue([], 0)

  constructor(private readonly config: NexmarkConfig) {
    this.#generator = new NexmarkGenerator(config)
  }

  addSplits(splits: readonly StrideSplit[]): void {
    this.#queue = new StrideSplitQueue(splits, this.config.totalEvents)
  }

  pollNext(output: ReaderOutput<NexmarkEvent>, maxRecords: number): InputStatus {
    const queue = this.#queue
    const generator = this.#generator
    for (let i = 0; i < maxRecords; i++) {
      if (queue.isEmpty) return 'END_OF_INPUT'
      const event = generator.event(queue.peek())
      queue.advance()
      output.collect(event)
    }
    return queue.isEmpty ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
  }

  snapshotState(): StrideSplit[] {
    return this.#queue.snapshot()
  }
}

/**
 * The Nexmark benchmark's event source: a seeded, deterministic generator of numbered events, cut into stride
 * splits (event n belongs to split n modulo the job's max parallelism), so that results depend neither on the
 * parallelism nor on restores at another one.
 */
export class NexmarkSource implements Source<NexmarkEvent, StrideSplit> {
  readonly boundedness

  constructor(private readonly config: NexmarkConfig) {
    this.boundedness = Number.isFinite(config.totalEvents) ? 'BOUNDED' as const : 'CONTINUOUS_UNBOUNDED' as const
  }

  createSplits(context: SplitEnumeratorContext): StrideSplit[] {
    return createStrideSplits(this.config.totalEvents, context.maxParallelism)
  }

  createReader(): SourceReader<NexmarkEvent, StrideSplit> {
    return new NexmarkReader(this.config)
  }
}
