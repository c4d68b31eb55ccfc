import { isTwoPhaseCommittingSink, type Committer, type PrecommittingSinkWriter, type Sink, type SinkWriter } from '../api/sink.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/** A two-phase sink's committables waiting for their checkpoint to complete: its state in a checkpoint. */
interface PendingCommits {
  readonly pending: readonly { readonly checkpointId: number; readonly committables: readonly unknown[] }[]
}

/**
 * Hands every element to the subtask's SinkWriter. For a TwoPhaseCommittingSink it also runs the
 * commit protocol (Flink's SinkWriterOperator and CommitterOperator in one): pre-commit at every
 * checkpoint, commit once the checkpoint completes, re-commit what a restored checkpoint covers.
 */
export class SinkOperator<T> extends AbstractStreamOperator<T> {
  #writer!: SinkWriter<T>
  #committer: Committer<unknown> | undefined
  #hasFlushedAtEnd = false
  /** Pre-committed, not yet committed: by checkpoint id, oldest first. */
  #pending: { checkpointId: number; committables: unknown[] }[] = []

  constructor(name: string, private readonly sink: Sink<T>) {
    super(name)
  }

  /** The committables every former subtask assigned to this one had pending (rescaling merges them). */
  initializeState(restoredStates: readonly unknown[]): void {
    this.#pending = (restoredStates as PendingCommits[])
      .flatMap((restored) => restored.pending)
      .map((p) => ({ checkpointId: p.checkpointId, committables: [...p.committables] }))
  }

  override open(): void {
    const { subtaskIndex, parallelism } = this.context.runtimeContext
    try {
      if (isTwoPhaseCommittingSink(this.sink)) {
        const committer = this.sink.createCommitter()
        this.#committer = committer
        // the restored checkpoint completed: what it pre-committed is committed (again; commits are idempotent)
        const restoredCommittables = this.#pending.flatMap((p) => p.committables)
        committer.commit(restoredCommittables)
        this.#pending = []
        committer.abortUncommitted?.({ subtaskIndex, parallelism, restoredCommittables })
        this.#writer = this.sink.createWriter({ subtaskIndex, parallelism })
      } else {
        this.#writer = this.sink.createWriter({ subtaskIndex, parallelism })
      }
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
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
    if (this.#committer === undefined) {
      this.#call(() => this.#writer.flush(false))
      return undefined
    }
    const writer = this.#writer as PrecommittingSinkWriter<T, unknown>
    const committables = this.#call(() => {
      writer.flush(false)
      return writer.prepareCommit()
    })
    if (committables.length > 0) this.#pending.push({ checkpointId, committables })
    return { pending: this.#pending } satisfies PendingCommits
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
   * Input ended: the writer flushes. A two-phase sink's last output is committed by the final checkpoint (its
   * synchronous part prepares it, its completion commits it: FLIP-147), so that a restore from that checkpoint never
   * replays records whose output is visible; without checkpoints nothing can be replayed, and it is committed now.
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
