import {
  isStatefulSink, isTwoPhaseCommittingSink, type Committer, type PrecommittingSinkWriter, type Sink, type SinkWriter,
  type StatefulSinkWriter,
} from '../api/sink.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/**
 * A sink subtask's state in a checkpoint (JSON): a two-phase sink's committables waiting for their checkpoint to
 * complete, and what a StatefulSink's writer snapshotted (absent for other sinks and in checkpoints taken before
 * writers had state).
 */
interface SinkOperatorState {
  readonly pending: readonly { readonly checkpointId: number; readonly committables: readonly unknown[] }[]
  readonly writerState?: readonly unknown[]
}

/**
 * Hands every element to the subtask's SinkWriter. For a TwoPhaseCommittingSink it also runs the
 * commit protocol (Flink's SinkWriterOperator and CommitterOperator in one): pre-commit at every
 * checkpoint, commit once the checkpoint completes, re-commit what a restored checkpoint covers.
 * A StatefulSink's writer state goes into every checkpoint and restores its writer.
 */
export class SinkOperator<T> extends AbstractStreamOperator<T> {
  #writer!: SinkWriter<T>
  #committer: Committer<unknown> | undefined
  #hasFlushedAtEnd = false
  /** Pre-committed, not yet committed: by checkpoint id, oldest first. */
  #pending: { checkpointId: number; committables: unknown[] }[] = []
  /** The writer states of the former subtasks assigned to this one; undefined when the subtask starts fresh. */
  #restoredWriterStates: unknown[] | undefined

  constructor(name: string, private readonly sink: Sink<T>) {
    super(name)
  }

  /** The committables and writer states every former subtask assigned to this one had (rescaling merges them). */
  initializeState(restoredStates: readonly unknown[]): void {
    const restored = restoredStates as SinkOperatorState[]
    this.#pending = restored
      .flatMap((state) => state.pending)
      .map((p) => ({ checkpointId: p.checkpointId, committables: [...p.committables] }))
    this.#restoredWriterStates = restored.flatMap((state) => state.writerState ?? [])
  }

  override open(): void {
    const { subtaskIndex, parallelism } = this.context.runtimeContext
    const writerContext = { subtaskIndex, parallelism }
    this.#call(() => {
      const committer = isTwoPhaseCommittingSink(this.sink) ? this.sink.createCommitter() : undefined
      this.#committer = committer
      // the restored checkpoint completed: what it pre-committed is committed (again; commits are idempotent)
      const restoredCommittables = this.#pending.flatMap((p) => p.committables)
      committer?.commit(restoredCommittables)
      this.#pending = []
      const restoredWriterStates = this.#restoredWriterStates
      this.#writer = restoredWriterStates !== undefined && isStatefulSink(this.sink)
        ? this.sink.restoreWriter(writerContext, restoredWriterStates)
        : this.sink.createWriter(writerContext)
      this.#restoredWriterStates = undefined
      committer?.abortUncommitted?.({ subtaskIndex, parallelism, restoredCommittables })
    })
  }

  processElement(value: T, timestampMs: number): void {
    try {
      this.#writer.write(value, Number.isNaN(timestampMs) ? undefined : timestampMs)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override processWatermark(_watermarkMs: number): void {}

  snapshotState(checkpointId: number): unknown {
    const committer = this.#committer
    const writer = this.#writer
    return this.#call(() => {
      writer.flush(false)
      if (committer !== undefined) {
        const committables = (writer as PrecommittingSinkWriter<T, unknown>).prepareCommit()
        if (committables.length > 0) this.#pending.push({ checkpointId, committables })
      }
      const writerState = isStatefulSink(this.sink) ? (writer as StatefulSinkWriter<T, unknown>).snapshotState(checkpointId) : undefined
      if (committer === undefined && writerState === undefined) return undefined
      // a copy: the state is written out asynchronously, and the next checkpoint's synchronous part adds to #pending
      return { pending: [...this.#pending], ...(writerState === undefined ? {} : { writerState }) } satisfies SinkOperatorState
    })
  }

  notifyCheckpointComplete(checkpointId: number): void {
    const committer = this.#committer
    if (committer === undefined) return
    const due = this.#pending.filter((p) => p.checkpointId <= checkpointId)
    if (due.length === 0) return
    this.#call(() => committer.commit(due.flatMap((p) => p.committables)))
    this.#pending = this.#pending.filter((p) => p.checkpointId > checkpointId)
  }

  /**
   * Input ended: the writer flushes (a two-phase sink's writer seals all it has open). A two-phase sink's last output is
   * committed by the final checkpoint (its synchronous part prepares it, its completion commits it: FLIP-147), so that a
   * restore from that checkpoint never replays records whose output is visible; without checkpoints nothing can be
   * replayed, and it is committed now.
   */
  override endInput(): void {
    this.#hasFlushedAtEnd = true
    const committer = this.#committer
    this.#call(() => {
      this.#writer.flush(true)
      if (committer === undefined || this.context.isCheckpointingEnabled) return
      const committables = (this.#writer as PrecommittingSinkWriter<T, unknown>).prepareCommit()
      committer.commit([...this.#pending.flatMap((p) => p.committables), ...committables])
      this.#pending = []
    })
  }

  override close(): void {
    if (this.#writer === undefined) return
    this.#call(() => {
      if (!this.#hasFlushedAtEnd && this.#committer === undefined) this.#writer.flush(false)
      this.#writer.close()
    })
  }

  #call<R>(body: () => R): R {
    try {
      return body()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
