import type { InternalListState } from '../keyed-state-backend.js'
import type { ListStateDescriptor } from '../state-descriptor.js'
import { AbstractHeapMergingState } from './abstract-heap-merging-state.js'
import type { StateTable } from './state-table.js'

const EMPTY: readonly never[] = Object.freeze([])

/** A ListState on the heap: an array per (key, namespace); an empty list has no entry. */
export class HeapListState<T> extends AbstractHeapMergingState<T[]> implements InternalListState<T> {
  constructor(table: StateTable<T[]>, _descriptor: ListStateDescriptor<T>) {
    super(table)
  }

  get(): readonly T[] {
    return this.table.get() ?? EMPTY
  }

  add(value: T): void {
    const list = this.table.get()
    if (list === undefined) this.table.put([value])
    else list.push(value)
  }

  addAll(values: Iterable<T>): void {
    const list = this.table.get()
    if (list === undefined) {
      const copy = [...values]
      if (copy.length > 0) this.table.put(copy)
    } else {
      appendAll(list, values)
    }
  }

  update(values: Iterable<T>): void {
    const copy = [...values]
    if (copy.length === 0) this.table.remove()
    else this.table.put(copy)
  }

  protected mergeState(a: T[], b: T[]): T[] {
    appendAll(a, b)
    return a
  }
}

function appendAll<T>(target: T[], values: Iterable<T>): void {
  // not push(...values): spreading a long list as arguments overflows the stack
  for (const value of values) target.push(value)
}
