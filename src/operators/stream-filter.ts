import type { FilterFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Keeps the elements a FilterFunction accepts. */
export class StreamFilter<T> extends AbstractStreamOperator<T> {
  readonly #filter: (value: T) => boolean
  constructor(name: string, private readonly udf: FilterFunction<T>) {
    super(name)
    this.#filter = typeof udf === 'function' ? udf : (value) => udf.filter(value)
  }
  override open(): void {
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }
  processElement(value: T, timestampMs: number): void {
    let keep: boolean
    try {
      keep = this.#filter(value)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    if (keep) this.output.collect(value, timestampMs)
  }
  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}
