import type { InputStatus, ReaderOutput, Source, SourceReader, SplitEnumeratorContext } from '../../api/source.js'
import { createStrideSplits, type StrideSplit } from '../split/stride-split.js'
import { StrideSplitQueue } from '../split/stride-split-queue.js'

/** Emits the elements of its stride splits in index order. */
class CollectionReader<T> implements SourceReader<T, StrideSplit> {
  #queue = new StrideSplitQueue([], 0)

  constructor(private readonly values: readonly T[]) {}

  addSplits(splits: readonly StrideSplit[]): void {
    this.#queue = new StrideSplitQueue(splits, this.values.length)
  }

  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus {
    const queue = this.#queue
    for (let emitted = 0; emitted < maxRecords && !queue.isEmpty; emitted++) {
      const index = queue.peek()
      // advance before collect so a snapshot taken downstream of collect already counts this element
      queue.advance()
      output.collect(this.values[index] as T)
    }
    return queue.isEmpty ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
  }

  snapshotState(): StrideSplit[] {
    return this.#queue.snapshot()
  }
}

/**
 * A bounded source of a fixed array (Flink's fromCollection / fromElements), cut into stride splits (element i
 * belongs to split i modulo the job's max parallelism), so its subtasks together emit each element once, at
 * any parallelism and across restores; one subtask reading several splits emits them in index order.
 */
export class CollectionSource<T> implements Source<T, StrideSplit> {
  readonly boundedness = 'BOUNDED' as const

  constructor(private readonly values: readonly T[]) {}

  createSplits(context: SplitEnumeratorContext): StrideSplit[] {
    return createStrideSplits(this.values.length, context.maxParallelism)
  }

  createReader(): SourceReader<T, StrideSplit> {
    return new CollectionReader(this.values)
  }
}
