import type { ReaderOutput, Source, SourceReader, SourceSplit } from '../../src/api/source.js'

/** A ReaderOutput that keeps what a reader emits. */
export function collecting<T>(): ReaderOutput<T> & { values: T[] } {
  const values: T[] = []
  return { values, collect: (value) => { values.push(value) } }
}

/** Polls a reader until its input ends, closes it, and returns everything it emitted. */
export function drain<T>(reader: SourceReader<T, any>, maxRecords = 1000): T[] {
  const output = collecting<T>()
  while (reader.pollNext(output, maxRecords) !== 'END_OF_INPUT') { /* keep polling */ }
  reader.close?.()
  return output.values
}

/** Where a reader runs, as the SourceOperator sees it; maxParallelism defaults to Flink's 128. */
export interface ReaderPlacement {
  readonly subtaskIndex: number
  readonly parallelism: number
  readonly maxParallelism?: number
}

/** A reader given the splits the SourceOperator assigns its subtask at a fresh start (split i to subtask i % parallelism). */
export function assignedReader<T, S extends SourceSplit>(source: Source<T, S>, placement: ReaderPlacement): SourceReader<T, S> {
  const { subtaskIndex, parallelism, maxParallelism = 128 } = placement
  const reader = source.createReader({ subtaskIndex, parallelism })
  reader.addSplits(source.createSplits({ maxParallelism }).filter((_, index) => index % parallelism === subtaskIndex))
  return reader
}

/** A reader resuming the given splits (what a restore assigned it). */
export function resumedReader<T, S extends SourceSplit>(source: Source<T, S>, splits: readonly S[], placement: ReaderPlacement = { subtaskIndex: 0, parallelism: 1 }):
  SourceReader<T, S> {
  const reader = source.createReader({ subtaskIndex: placement.subtaskIndex, parallelism: placement.parallelism })
  reader.addSplits(splits)
  return reader
}
