import type { FlatMapFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Applies a FlatMapFunction: zero or more outputs per element, stamped with the element's timestamp. */
export class StreamFlatMap<IN, OUT> extends AbstractStreamOperator<IN> {
  readonly #flatMap: (value: IN, out: TimestampedCollector<OUT>) => void
  #collector!: TimestampedCollector<OUT>
  constructor(name: string, private readonly udf: FlatMapFunction<IN, OUT>) {
    super(name)
    this.#flatMap = typeof udf === 'function' ? udf : (value, out) => udf.flatMap(value, out)
  }
  override open(): void {
    this.#collector = new TimestampedCollector(this.output as never)
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }
  processElement(value: IN, timestampMs: number): void {
    this.#collector.timestampMs = timestampMs
    try {
      this.#flatMap(value, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}
