import { StateMergeUnsupportedError } from '../../errors.js'
import type { InternalAggregatingState } from '../keyed-state-backend.js'
import type { AggregateFunction, AggregatingStateDescriptor } from '../state-descriptor.js'
import { AbstractHeapMergingState } from './abstract-heap-merging-state.js'
import type { StateTable } from './state-table.js'

/** An AggregatingState on the heap: the accumulator per (key, namespace). */
export class HeapAggregatingState<IN, ACC, OUT> extends AbstractHeapMergingState<ACC> implements InternalAggregatingState<IN, OUT> {
  readonly #aggregate: AggregateFunction<IN, ACC, OUT>

  readonly #operatorName: string

  constructor(table: StateTable<ACC>, descriptor: AggregatingStateDescriptor<IN, ACC, OUT>, operatorName: string) {
    super(table)
    this.#aggregate = descriptor.aggregate
    this.#operatorName = operatorName
  }

  get(): OUT | undefined {
    const accumulator = this.table.get()
    // an accumulator may itself be undefined (e.g. reduce-as-aggregate), so ask before calling it empty
    if (accumulator === undefined && !this.table.has()) return undefined
    return this.#aggregate.getResult(accumulator as ACC)
  }

  add(value: IN): void {
    const accumulator = this.table.get()
    const next = this.#aggregate.add(value, accumulator === undefined ? this.#aggregate.createAccumulator() : accumulator)
    // most accumulators are mutated in place: skip the second Map write on the hot path
    if (next !== accumulator || accumulator === undefined) this.table.put(next)
  }

  // raised before any source is removed, and whether or not there is data, so a job fails at its first merge
  protected override checkMergeable(): void {
    if (this.#aggregate.merge === undefined) throw new StateMergeUnsupportedError(this.#operatorName, this.table.name)
  }

  protected mergeState(a: ACC, b: ACC): ACC {
    const aggregate = this.#aggregate
    if (aggregate.merge === undefined) throw new StateMergeUnsupportedError(this.#operatorName, this.table.name)
    return aggregate.merge(a, b)
  }
}
