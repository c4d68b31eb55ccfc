import type { MapFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Applies a MapFunction to every element. */
export class StreamMap<IN, OUT> extends AbstractStreamOperator<IN> {
  readonly #map: (value: IN) => OUT
  constructor(name: string, private readonly udf: MapFunction<IN, OUT>) {
    super(name)
    this.#map = typeof udf === 'function' ? udf : (value) => udf.map(value)
  }
  override open(): void {
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }
  processElement(value: IN, timestampMs: number): void {
    let result: OUT
    try {
      result = this.#map(value)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.output.collect(result, timestampMs)
  }
  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}
