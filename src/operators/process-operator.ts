import type { ProcessContext, ProcessFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Runs a ProcessFunction on a non-keyed stream. */
export class ProcessOperator<IN, OUT> extends AbstractStreamOperator<IN> implements ProcessContext {
  #collector!: TimestampedCollector<OUT>
  #timestampMs = Number.NaN
  #watermarkMs = Number.NEGATIVE_INFINITY

  constructor(name: string, private readonly udf: ProcessFunction<IN, OUT>) {
    super(name)
  }

  override open(): void {
    this.#collector = new TimestampedCollector(this.output as never)
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }

  timestamp(): number | undefined {
    return Number.isNaN(this.#timestampMs) ? undefined : this.#timestampMs
  }

  currentWatermark(): number {
    return this.#watermarkMs
  }

  processElement(value: IN, timestampMs: number): void {
    this.#timestampMs = timestampMs
    this.#collector.timestampMs = timestampMs
    try {
      this.udf.processElement(value, this, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override processWatermark(watermarkMs: number): void {
    this.#watermarkMs = watermarkMs
    super.processWatermark(watermarkMs)
  }

  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}
