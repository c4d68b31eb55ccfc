import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { AggregateFunction } from '../state/state-descriptor.js'
import type { InternalValueState } from '../state/keyed-state-backend.js'
import { KeyedOperatorBase } from './keyed-operator-base.js'

/**
 * A rolling aggregation on a KeyedStream (Flink's StreamGroupedReduceOperator, generalized to an
 * AggregateFunction): every element updates its key's accumulator and emits the current result.
 */
export class StreamGroupedAggregate<IN, ACC, OUT> extends KeyedOperatorBase<IN> {
  #accumulators!: InternalValueState<ACC>

  constructor(name: string, private readonly keySelector: (value: IN) => Key, private readonly aggregate: AggregateFunction<IN, ACC, OUT>) {
    super(name)
  }

  override open(): void {
    super.open()
    this.#accumulators = this.backend.getValueState<ACC>({ kind: 'value', name: '_rolling' })
  }

  processElement(value: IN, timestampMs: number): void {
    this.setKeyOf(this.keySelector, value)
    let result: OUT
    try {
      const previous = this.#accumulators.value()
      const accumulator = this.aggregate.add(value, previous === undefined ? this.aggregate.createAccumulator() : previous)
      this.#accumulators.update(accumulator)
      result = this.aggregate.getResult(accumulator)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.output.collect(result, timestampMs)
  }
}

/** Expresses a rolling reduce as an aggregation whose accumulator is the reduced value. */
export function reduceAsAggregate<T>(reduce: (a: T, b: T) => T): AggregateFunction<T, T | undefined, T> {
  return {
    createAccumulator: () => undefined,
    add: (value, accumulator) => (accumulator === undefined ? value : reduce(accumulator, value)),
    getResult: (accumulator) => accumulator as T,
  }
}
