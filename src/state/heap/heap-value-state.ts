import type { Namespace } from '../key.js'
import type { InternalValueState } from '../keyed-state-backend.js'
import type { ValueStateDescriptor } from '../state-descriptor.js'
import type { StateTable } from './state-table.js'

/** A ValueState on the heap: one value per (key, namespace). */
export class HeapValueState<T> implements InternalValueState<T> {
  readonly #table: StateTable<T>
  readonly #defaultValue: T | undefined

  constructor(table: StateTable<T>, descriptor: ValueStateDescriptor<T>) {
    this.#table = table
    this.#defaultValue = descriptor.defaultValue
  }

  setCurrentNamespace(namespace: Namespace): void {
    this.#table.setCurrentNamespace(namespace)
  }

  value(): T | undefined {
    const value = this.#table.get()
    return value === undefined ? this.#defaultValue : value
  }

  update(value: T): void {
    // Flink: updating to null clears; undefined is our null, and storing it would shadow the default
    if (value === undefined) this.#table.remove()
    else this.#table.put(value)
  }

  clear(): void {
    this.#table.remove()
  }
}
