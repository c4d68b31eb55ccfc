import type { Namespace } from '../key.js'
import type { InternalMapState } from '../keyed-state-backend.js'
import type { MapStateDescriptor } from '../state-descriptor.js'
import type { StateTable } from './state-table.js'

/** A MapState on the heap: a Map per (key, namespace); an empty map has no entry (Flink drops it too). */
export class HeapMapState<UK, UV> implements InternalMapState<UK, UV> {
  readonly #table: StateTable<Map<UK, UV>>

  constructor(table: StateTable<Map<UK, UV>>, _descriptor: MapStateDescriptor<UK, UV>) {
    this.#table = table
  }

  setCurrentNamespace(namespace: Namespace): void {
    this.#table.setCurrentNamespace(namespace)
  }

  get(key: UK): UV | undefined {
    return this.#table.get()?.get(key)
  }

  put(key: UK, value: UV): void {
    const map = this.#table.get()
    if (map === undefined) this.#table.put(new Map([[key, value]]))
    else map.set(key, value)
  }

  putAll(entries: Iterable<[UK, UV]>): void {
    let map = this.#table.get()
    for (const [key, value] of entries) {
      if (map === undefined) {
        map = new Map()
        this.#table.put(map)
      }
      map.set(key, value)
    }
  }

  remove(key: UK): void {
    const map = this.#table.get()
    if (map === undefined) return
    map.delete(key)
    if (map.size === 0) this.#table.remove()
  }

  contains(key: UK): boolean {
    return this.#table.get()?.has(key) ?? false
  }

  entries(): IterableIterator<[UK, UV]> {
    return (this.#table.get() ?? new Map<UK, UV>()).entries()
  }

  keys(): IterableIterator<UK> {
    return (this.#table.get() ?? new Map<UK, UV>()).keys()
  }

  values(): IterableIterator<UV> {
    return (this.#table.get() ?? new Map<UK, UV>()).values()
  }

  isEmpty(): boolean {
    const map = this.#table.get()
    return map === undefined || map.size === 0
  }

  clear(): void {
    this.#table.remove()
  }
}
