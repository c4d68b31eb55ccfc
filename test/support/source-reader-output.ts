import type { ReaderOutput, SourceReader } from '../../src/api/source.js'

/** A ReaderOutput that keeps what a reader emits. */
export function collecting<T>(): ReaderOutput<T> & { values: T[] } {
  const values: T[] = []
  return { values, collect: (value) => { values.push(value) } }
}

/** Polls a reader until its input ends, closes it, and returns everything it emitted. */
export function drain<T>(reader: SourceReader<T>, maxRecords = 1000): T[] {
  const output = collecting<T>()
  while (reader.pollNext(output, maxRecords) !== 'END_OF_INPUT') { /* keep polling */ }
  reader.close?.()
  return output.values
}
