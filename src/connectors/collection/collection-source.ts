import type { InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from '../../api/source.js'

/** Resume position of a collection reader: the index of the next element it emits. */
export interface CollectionReaderState {
  readonly nextIndex: number
}

/** Emits the elements i of the collection with i % parallelism === subtaskIndex, in order. */
class CollectionReader<T> implements SourceReader<T, CollectionReaderState> {
  #nextIndex: number

  constructor(private readonly values: readonly T[], private readonly parallelism: number, subtaskIndex: number,
    restored: CollectionReaderState | undefined) {
    // the state is only meaningful at the parallelism it was taken at: it names a global index of this subtask's stride
    this.#nextIndex = restored?.nextIndex ?? subtaskIndex
  }

  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus {
    const { values, parallelism } = this
    let index = this.#nextIndex
    for (let emitted = 0; emitted < maxRecords && index < values.length; emitted++) {
      // advance before collect so a snapshot taken downstream of collect already counts this element
      this.#nextIndex = index + parallelism
      output.collect(values[index] as T)
      index = this.#nextIndex
    }
    return index < values.length ? 'MORE_AVAILABLE' : 'END_OF_INPUT'
  }

  snapshotState(): CollectionReaderState {
    return { nextIndex: this.#nextIndex }
  }
}

/**
 * A bounded source of a fixed array (Flink's fromCollection / fromElements). Parallel subtasks
 * split it round-robin (element i goes to subtask i % parallelism), so together they emit each element once.
 */
export class CollectionSource<T> implements Source<T, CollectionReaderState> {
  readonly boundedness = 'BOUNDED' as const

  constructor(private readonly values: readonly T[]) {}

  createReader(context: SourceReaderContext, restoredState?: CollectionReaderState): SourceReader<T, CollectionReaderState> {
    return new CollectionReader(this.values, context.parallelism, context.subtaskIndex, restoredState)
  }
}
