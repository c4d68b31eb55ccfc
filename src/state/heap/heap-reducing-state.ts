import type { InternalReducingState } from '../keyed-state-backend.js'
import type { ReduceFunction, ReducingStateDescriptor } from '../state-descriptor.js'
import { AbstractHeapMergingState } from './abstract-heap-merging-state.js'
import type { StateTable } from './state-table.js'

/** A ReducingState on the heap: the reduced value per (key, namespace). */
export class HeapReducingState<T> extends AbstractHeapMergingState<T> implements InternalReducingState<T> {
  readonly #reduce: ReduceFunction<T>

  constructor(table: StateTable<T>, descriptor: ReducingStateDescriptor<T>) {
    super(table)
    this.#reduce = descriptor.reduce
  }

  get(): T | undefined {
    return this.table.get()
  }

  add(value: T): void {
    const previous = this.table.get()
    this.table.put(previous === undefined ? value : this.#reduce(previous, value))
  }

  protected mergeState(a: T, b: T): T {
    return this.#reduce(a, b)
  }
}
