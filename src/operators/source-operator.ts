import type { InputStatus, ReaderOutput, Source, SourceReader } from '../api/source.js'
import type { WatermarkGenerator, WatermarkOutput, WatermarkStrategy } from '../api/watermark-strategy.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/**
 * The head of a source chain (Flink's SourceOperator): owns the subtask's SourceReader, stamps
 * records through the WatermarkStrategy and emits watermarks. Its task drives it with pollNext.
 */
export class SourceOperator<T> extends AbstractStreamOperator<never> implements ReaderOutput<T>, WatermarkOutput {
  #reader!: SourceReader<T>
  #generator: WatermarkGenerator<T> | undefined
  #assigner: ((event: T, recordTimestampMs: number | undefined) => number) | undefined
  #lastWatermarkMs = Number.NEGATIVE_INFINITY
  #restoredReaderState: unknown = undefined
  /** Receives idle/active changes; the task forwards them to the network. */
  onStatusChange: ((isIdle: boolean) => void) | undefined
  /** Wall clock for idleness detection; the task sets it. */
  nowMs: () => number = () => Date.now()

  constructor(name: string, private readonly source: Source<T>, private readonly strategy: WatermarkStrategy<T> | undefined) {
    super(name)
  }

  override open(): void {
    const { subtaskIndex, parallelism } = this.context.runtimeContext
    try {
      this.#reader = this.source.createReader({ subtaskIndex, parallelism }, this.#restoredReaderState)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.#generator = this.strategy?.createWatermarkGenerator(this.nowMs)
    this.#assigner = this.strategy?.timestampAssigner
  }

  /** Reads up to maxRecords records into the chain. */
  pollNext(maxRecords: number): InputStatus {
    try {
      return this.#reader.pollNext(this, maxRecords)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  /** Milliseconds until the reader has data again, after NOTHING_AVAILABLE. */
  waitMs(): number {
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

  /** One position per subtask: the restore planner refuses to restore a source at another parallelism. */
  initializeState(restoredStates: readonly unknown[]): void {
    this.#restoredReaderState = (restoredStates[0] as { readerState?: unknown } | undefined)?.readerState
  }

  /** The reader's position: after a restore the reader resumes right after the last record it emitted. */
  snapshotState(): unknown {
    try {
      return { readerState: this.#reader.snapshotState?.() }
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override close(): void {
    try {
      this.#reader?.close?.()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
