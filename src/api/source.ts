/** Whether a source ends (a file, a fixed number of events) or runs until cancelled. */
export type Boundedness = 'BOUNDED' | 'CONTINUOUS_UNBOUNDED'

/** Where a source reader runs. */
export interface SourceReaderContext {
  readonly subtaskIndex: number
  readonly parallelism: number
}

/** Receives what a reader emits; the runtime assigns timestamps and watermarks behind it. */
export interface ReaderOutput<T> {
  /** Emits a record; `timestampMs` is the source's own event time, if it has one. */
  collect(value: T, timestampMs?: number): void
}

/**
 * What pollNext reports: MORE_AVAILABLE (call again soon), NOTHING_AVAILABLE (call again once
 * `waitMs` passed: a rate limit or an empty poll), END_OF_INPUT (the reader is done).
 */
export type InputStatus = 'MORE_AVAILABLE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT'

/** Reads the records of one source subtask (Flink's SourceReader). Runs synchronously in a worker. */
export interface SourceReader<T, CheckpointState = unknown> {
  /**
   * Emits up to `maxRecords` records (at least one unless nothing is available or input ended).
   * A larger batch amortizes calls; the runtime checks backpressure between calls.
   */
  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus
  /** When pollNext said NOTHING_AVAILABLE: milliseconds until it is worth polling again. */
  waitMs?(): number
  /** The reader's position, to resume from after a failure (exactly-once sources). */
  snapshotState?(): CheckpointState
  close?(): void
}

/** A source of records (Flink's Source): creates one reader per parallel subtask. */
export interface Source<T, CheckpointState = unknown> {
  readonly boundedness: Boundedness
  /** The most subtasks this source can use (1 for a non-parallel source); unlimited when undefined. */
  readonly maxParallelism?: number
  createReader(context: SourceReaderContext, restoredState?: CheckpointState): SourceReader<T, CheckpointState>
}
