/** Where a sink writer runs. */
export interface SinkWriterContext {
  readonly subtaskIndex: number
  readonly parallelism: number
}

/** Writes the records of one sink subtask (Flink's SinkWriter). Runs synchronously in a worker. */
export interface SinkWriter<T> {
  write(value: T, timestampMs: number | undefined): void
  /**
   * Called when input ends (endOfInput) and before checkpoints: make everything written durable. At end of input a
   * PrecommittingSinkWriter also seals all it keeps open, for the final prepareCommit.
   */
  flush(endOfInput: boolean): void
  close(): void
}

/** A sink (Flink's Sink): creates one writer per parallel subtask. */
export interface Sink<T> {
  /** The most subtasks this sink can use (1 for a single output file); unlimited when undefined. */
  readonly maxParallelism?: number
  createWriter(context: SinkWriterContext): SinkWriter<T>
}

/**
 * The writer of a TwoPhaseCommittingSink (Flink's Sink V2 PrecommittingSinkWriter): output it writes
 * stays invisible until prepareCommit hands it over as committables and a Committer commits them.
 */
export interface PrecommittingSinkWriter<T, CommT> extends SinkWriter<T> {
  /**
   * Returns the output sealed since the last call as committables (none when nothing was sealed), sealing first what
   * the writer decides to seal at a checkpoint (as a rolling policy may); output it keeps open belongs to later
   * committables. Called in the synchronous part of a checkpoint right after flush(false) (after end of input too,
   * for the final checkpoint: flush(true) sealed everything by then), and at end of input when the job runs without
   * checkpoints. The committables must be JSON-serializable: they are stored in the checkpoint. A writer never
   * commits by itself: the runtime commits once the checkpoint holding the committables completed, or a restore would
   * replay records whose output is already visible.
   */
  prepareCommit(): CommT[]
}

/** A sink writer with state of its own in checkpoints (Flink's StatefulSinkWriter), e.g. a file it keeps open across them. */
export interface StatefulSinkWriter<T, WriterStateT> extends SinkWriter<T> {
  /**
   * Called in the synchronous part of every checkpoint and savepoint, after flush(false) (and, for a two-phase sink,
   * prepareCommit): what a restore needs of the writer's output so far, made durable now. JSON-serializable: it is
   * stored in the checkpoint.
   */
  snapshotState(checkpointId: number): WriterStateT[]
}

/** A sink whose writers have state (Flink's StatefulSink): a resumed subtask gets its writer from restoreWriter. */
export interface StatefulSink<T, WriterStateT> extends Sink<T> {
  createWriter(context: SinkWriterContext): StatefulSinkWriter<T, WriterStateT>
  /**
   * The writer of a subtask that resumes from a checkpoint or savepoint, given what snapshotState returned there in
   * the former subtasks assigned to this one (former subtask j goes to j modulo the new parallelism, so several after
   * a rescale down, none for a new subtask). A two-phase sink's restored committables are committed before, and
   * output the state covers may be committed here too: the snapshot restored is complete, and the records it
   * covers are never replayed.
   */
  restoreWriter(context: SinkWriterContext, recoveredState: readonly WriterStateT[]): StatefulSinkWriter<T, WriterStateT>
}

/** What Committer.abortUncommitted learns about the subtask it runs for and the restored checkpoint. */
export interface AbortUncommittedContext<CommT> {
  readonly subtaskIndex: number
  readonly parallelism: number
  /**
   * The committables of the checkpoint being restored, of every subtask of the sink (not only this
   * one), so that no subtask deletes output another subtask still has to commit, even after rescaling.
   * Empty on a fresh start.
   */
  readonly restoredCommittables: readonly CommT[]
}

/** Makes the committables of completed checkpoints visible (Flink's Sink V2 Committer). */
export interface Committer<CommT> {
  /**
   * Commits the committables; must be idempotent: committing one that is already committed, or whose
   * output vanished, is a no-op, because after a failure the runtime commits the committables of the
   * last completed checkpoint again (the notification of its completion may never have arrived).
   */
  commit(committables: readonly CommT[]): void
  /**
   * Cleans up what attempts that never reached a completed checkpoint left behind (open or pre-committed
   * output not among the restored committables). Called on every start of a subtask, after the
   * restored committables were committed and the subtask's writer was created or restored, before it
   * receives any record.
   */
  abortUncommitted?(context: AbortUncommittedContext<CommT>): void
}

/**
 * An exactly-once sink (Flink's Sink V2 TwoPhaseCommittingSink). The protocol, per sink subtask:
 * - checkpoint n, synchronous part: writer.flush(false), then writer.prepareCommit(), then, for a
 *   StatefulSink, writer.snapshotState(n); the committables and the writer state are stored in checkpoint n
 *   (phase one: output durable but invisible);
 * - notifyCheckpointComplete(n): committer.commit() of the committables of every checkpoint ≤ n not yet
 *   committed (phase two: output visible);
 * - restore from checkpoint n: committer.commit() of checkpoint n's committables again (idempotent), then a
 *   new writer (a StatefulSink's restoreWriter with checkpoint n's writer state), then
 *   committer.abortUncommitted() with the restored committables;
 * - end of input (bounded job): writer.flush(true); the subtask then waits for a final checkpoint, whose
 *   synchronous part prepares the last committables and whose completion commits them (Flink's FLIP-147);
 *   without checkpoints, a final writer.prepareCommit() is committed at once.
 */
export interface TwoPhaseCommittingSink<T, CommT> extends Sink<T> {
  createWriter(context: SinkWriterContext): PrecommittingSinkWriter<T, CommT>
  createCommitter(): Committer<CommT>
}

/** Whether a sink follows the two-phase commit protocol (has a Committer). */
export function isTwoPhaseCommittingSink<T>(sink: Sink<T>): sink is TwoPhaseCommittingSink<T, unknown> {
  return typeof (sink as Partial<TwoPhaseCommittingSink<T, unknown>>).createCommitter === 'function'
}

/** Whether a sink's writers have state of their own in checkpoints (it has restoreWriter). */
export function isStatefulSink<T>(sink: Sink<T>): sink is StatefulSink<T, unknown> {
  return typeof (sink as Partial<StatefulSink<T, unknown>>).restoreWriter === 'function'
}
