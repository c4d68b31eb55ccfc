/** Whether a source ends (a file, a fixed number of events) or runs until cancelled. */
export type Boundedness = 'BOUNDED' | 'CONTINUOUS_UNBOUNDED'

/**
 * One part of a source's input that one reader reads at a time (Flink's SourceSplit, FLIP-27). Plain JSON data that
 * also carries the split's position: a reader reports its unfinished splits in every checkpoint, and a restore hands
 * them to the readers of the new parallelism, so nothing is read twice or skipped whatever the parallelism.
 */
export interface SourceSplit {
  /** Unique among the splits of a source, and the same in every run. */
  readonly splitId: string
}

/** What a source knows when it lists its splits. */
export interface SplitEnumeratorContext {
  /** The job's maximum parallelism (pipeline.max-parallelism): splitting into that many lets the job rescale up to it. */
  readonly maxParallelism: number
}

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

/** Reads the records of the splits assigned to one source subtask (Flink's SourceReader). Runs synchronously in a worker. */
export interface SourceReader<T, SplitT extends SourceSplit = SourceSplit> {
  /** The splits this reader reads, at their positions; called once, before the first pollNext (possibly with none). */
  addSplits(splits: readonly SplitT[]): void
  /**
   * Emits up to `maxRecords` records (at least one unless nothing is available or input ended), END_OF_INPUT once
   * every split of the reader is finished. A larger batch amortizes calls; the runtime checks backpressure between calls.
   */
  pollNext(output: ReaderOutput<T>, maxRecords: number): InputStatus
  /** When pollNext said NOTHING_AVAILABLE: milliseconds until it is worth polling again. */
  waitMs?(): number
  /** Every split not finished yet, at the position right after the last record emitted (a checkpoint stores them). */
  snapshotState(): SplitT[]
  close?(): void
}

/**
 * A source of records (Flink's Source, FLIP-27): its input is a fixed list of splits, which Sluice assigns
 * round robin to the parallel readers (split i to subtask i modulo the parallelism) at a fresh start, and at any
 * parallelism from a checkpoint's positions on a restore. A subtask without a split ends at once (bounded) or idles.
 */
export interface Source<T, SplitT extends SourceSplit = SourceSplit> {
  readonly boundedness: Boundedness
  /** The most subtasks this source can use (1 for a non-parallel source); unlimited when undefined. */
  readonly maxParallelism?: number
  /** Every split at a fresh start, in the same order every time (what Flink's SplitEnumerator discovers). */
  createSplits(context: SplitEnumeratorContext): readonly SplitT[]
  createReader(context: SourceReaderContext): SourceReader<T, SplitT>
}
