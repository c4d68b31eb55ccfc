import type { Key, Namespace } from '../key.js'
import type { StateKind, StateTable } from './state-table.js'

/** One (state, namespace, key) entry of a heap backend, the unit a checkpoint writes and a restore reads. */
export interface HeapStateEntry {
  readonly stateName: string
  readonly kind: StateKind
  readonly namespace: Namespace
  readonly key: Key
  /** The stored value: T for value/reducing, the accumulator for aggregating, T[] for list, Map for map state. */
  readonly value: unknown
}

/**
 * Every entry of a HeapKeyedStateBackend, for checkpoints (next issue: they group the entries by
 * key group with the key-group assignment and serialize them; restore feeds them back through
 * HeapKeyedStateBackend.restoreEntries). The view is live, not a copy: iterate and serialize it
 * in the synchronous part of a checkpoint, before the next record or timer touches state.
 */
export class HeapStateSnapshot {
  readonly #tables: readonly StateTable<unknown>[]

  constructor(tables: readonly StateTable<unknown>[]) {
    this.#tables = tables
  }

  numEntries(): number {
    let count = 0
    for (const table of this.#tables) count += table.numEntries()
    return count
  }

  /** Visits every entry, state by state, without allocating per entry. */
  forEachEntry(visit: (stateName: string, kind: StateKind, namespace: Namespace, key: Key, value: unknown) => void): void {
    for (const table of this.#tables) {
      const { name: stateName, kind } = table
      table.forEachEntry((namespace, key, value) => visit(stateName, kind, namespace, key, value))
    }
  }

  /** Every entry as an object (tests and tools; checkpoints use forEachEntry). */
  entries(): HeapStateEntry[] {
    const entries: HeapStateEntry[] = []
    this.forEachEntry((stateName, kind, namespace, key, value) => entries.push({ stateName, kind, namespace, key, value }))
    return entries
  }

}
