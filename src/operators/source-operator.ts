import type { InputStatus, ReaderOutput, Source, SourceReader, SourceSplit } from '../api/source.js'
import type { WatermarkGenerator, WatermarkOutput, WatermarkStrategy } from '../api/watermark-strategy.js'
import { userFunctionFailed } from '../errors.js'
import { isSourceOperatorState, type AssignedSplit, type SourceOperatorState } from '../protocol/source-split-state.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/**
 * The head of a source chain (Flink's SourceOperator): owns the subtask's SourceReader and the splits it reads,
 * stamps records through the WatermarkStrategy and emits watermarks. Its task drives it with pollNext.
 */
export class SourceOperator<T> extends AbstractStreamOperator<never> implements ReaderOutput<T>, WatermarkOutput {
  #reader!: SourceReader<T>
  #generator: WatermarkGenerator<T> | undefined
  #assigner: ((event: T, recordTimestampMs: number | undefined) => number) | undefined
  #lastWatermarkMs = Number.NEGATIVE_INFINITY
  /** The splits a restore assigned to this subtask; undefined on a fresh start, when the source lists them. */
  #restoredSplits: readonly AssignedSplit[] | undefined
  /** Each split's index, by split id, for the checkpoint. */
  readonly #indexBySplitId = new Map<string, number>()
  #hasSplits = false
  /** Receives idle/active changes; the task forwards them to the network. */
  onStatusChange: ((isIdle: boolean) => void) | undefined
  /** Wall clock for idleness detection; the task sets it. */
  nowMs: () => number = () => Date.now()

  constructor(name: string, private readonly source: Source<T>, private readonly strategy: WatermarkStrategy<T> | undefined) {
    super(name)
  }

  override open(): void {
    const { subtaskIndex, parallelism, maxParallelism } = this.context.runtimeContext
    try {
      const assigned = this.#restoredSplits ??
        this.source.createSplits({ maxParallelism }).map((split, index) => ({ index, split })).filter(({ index }) => index % parallelism === subtaskIndex)
      for (const { index, split } of assigned) this.#indexBySplitId.set(split.splitId, index)
      this.#hasSplits = assigned.length > 0
      this.#reader = this.source.createReader({ subtaskIndex, parallelism })
      this.#reader.addSplits(assigned.map(({ split }) => split))
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.#generator = this.strategy?.createWatermarkGenerator(this.nowMs)
    this.#assigner = this.strategy?.timestampAssigner
  }

  /** Reads up to maxRecords records into the chain. */
  pollNext(maxRecords: number): InputStatus {
    if (!this.#hasSplits && this.source.boundedness === 'CONTINUOUS_UNBOUNDED') {
      // a reader without a split has nothing to read, ever: idle, so that its watermark holds nobody back (Flink)
      this.markIdle()
      return 'NOTHING_AVAILABLE'
    }
    try {
      return this.#reader.pollNext(this, maxRecords)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  /** Milliseconds until the reader has data again, after NOTHING_AVAILABLE. */
  waitMs(): number {
    if (!this.#hasSplits) return Number.POSITIVE_INFINITY
    return this.#reader.waitMs?.() ?? 1
  }

  collect(value: T, timestampMs?: number): void {
    let timestamp = timestampMs ?? Number.NaN
    if (this.#assigner !== undefined) {
      try {
        timestamp = this.#assigner(value, timestampMs)
      } catch (thrown) {
        throw userFunctionFailed(`${this.name} (timestamp assigner)`, thrown)
      }
    }
    if (this.#generator !== undefined) this.#generator.onEvent(value, timestamp, this)
    this.output.collect(value, timestamp)
  }

  processElement(): void {}

  /** Pipeline.auto-watermark-interval elapsed: let the generator emit. */
  emitPeriodicWatermark(): void {
    this.#generator?.onPeriodicEmit(this)
  }

  emitWatermark(watermarkMs: number): void {
    // watermarks never go back, as in Flink
    if (watermarkMs <= this.#lastWatermarkMs) return
    this.#lastWatermarkMs = watermarkMs
    this.output.emitWatermark(watermarkMs)
  }

  markIdle(): void {
    this.onStatusChange?.(true)
  }

  markActive(): void {
    this.onStatusChange?.(false)
  }

  /** A bounded source ended: the final watermark fires every pending event-time timer downstream. */
  emitFinalWatermark(): void {
    this.markActive()
    this.emitWatermark(Number.POSITIVE_INFINITY)
  }

  /** The splits the restore planner assigned to this subtask (from every former subtask, at any parallelism). */
  initializeState(restoredStates: readonly unknown[]): void {
    this.#restoredSplits = restoredStates.filter(isSourceOperatorState).flatMap((state) => state.splits)
  }

  /** The reader's unfinished splits: after a restore they resume right after the last record emitted. */
  snapshotState(): SourceOperatorState {
    let splits: SourceSplit[]
    try {
      splits = this.#reader.snapshotState()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    return { splits: splits.map((split) => ({ index: this.#indexBySplitId.get(split.splitId)!, split })) }
  }

  override close(): void {
    try {
      this.#reader?.close?.()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
