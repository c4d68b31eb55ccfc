import { StateDescriptorMismatchError } from '../../errors.js'
import type { Key } from '../key.js'
import type {
  InternalAggregatingState, InternalListState, InternalMapState, InternalReducingState, InternalValueState, KeyedStateBackend,
} from '../keyed-state-backend.js'
import type {
  AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor, StateDescriptor, ValueStateDescriptor,
} from '../state-descriptor.js'
import { CurrentKey } from './current-key.js'
import { HeapAggregatingState } from './heap-aggregating-state.js'
import { HeapListState } from './heap-list-state.js'
import { HeapMapState } from './heap-map-state.js'
import { HeapReducingState } from './heap-reducing-state.js'
import type { HeapStateEntry } from './heap-state-snapshot.js'
import { HeapStateSnapshot } from './heap-state-snapshot.js'
import { HeapValueState } from './heap-value-state.js'
import type { StateKind } from './state-table.js'
import { StateTable } from './state-table.js'

/** What a HeapKeyedStateBackend is built from. */
export interface HeapKeyedStateBackendOptions {
  readonly operatorName: string
  /** Number of key groups of the job (Flink's maxParallelism); fixed for the life of the state. */
  readonly maxParallelism: number
  /** The key groups this subtask owns, both ends inclusive (structurally graph's KeyGroupRange). */
  readonly keyGroupRange: { readonly start: number; readonly end: number }
}

interface RegisteredState {
  readonly table: StateTable<any>
  /** undefined while a restored table waits for its operator to ask for it by descriptor. */
  state: object | undefined
}

/**
 * Keeps the keyed state of one operator subtask in JavaScript Maps (Flink's HeapKeyedStateBackend):
 * synchronous, fast, and as large as the heap. Each state name has one StateTable and one state object.
 */
export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly operatorName: string
  readonly maxParallelism: number
  readonly keyGroupRange: { readonly start: number; readonly end: number }
  readonly #currentKey: CurrentKey
  readonly #states = new Map<string, RegisteredState>()

  constructor(options: HeapKeyedStateBackendOptions) {
    this.operatorName = options.operatorName
    this.maxParallelism = options.maxParallelism
    this.keyGroupRange = { start: options.keyGroupRange.start, end: options.keyGroupRange.end }
    this.#currentKey = new CurrentKey(options.operatorName)
  }

  setCurrentKey(key: Key): void {
    this.#currentKey.set(key)
  }

  getCurrentKey(): Key {
    return this.#currentKey.get('getCurrentKey()')
  }

  getValueState<T>(descriptor: ValueStateDescriptor<T>): InternalValueState<T> {
    return this.#stateFor(descriptor, (table) => new HeapValueState<T>(table, descriptor))
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): InternalListState<T> {
    return this.#stateFor(descriptor, (table) => new HeapListState<T>(table, descriptor))
  }

  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): InternalMapState<UK, UV> {
    return this.#stateFor(descriptor, (table) => new HeapMapState<UK, UV>(table, descriptor))
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): InternalReducingState<T> {
    return this.#stateFor(descriptor, (table) => new HeapReducingState<T>(table, descriptor))
  }

  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): InternalAggregatingState<IN, OUT> {
    return this.#stateFor(descriptor, (table) => new HeapAggregatingState<IN, ACC, OUT>(table, descriptor, this.operatorName))
  }

  numEntries(): number {
    let count = 0
    for (const { table } of this.#states.values()) count += table.numEntries()
    return count
  }

  /** A live view of every entry, for the synchronous part of a checkpoint. */
  snapshot(): HeapStateSnapshot {
    return new HeapStateSnapshot([...this.#states.values()].map(({ table }) => table))
  }

  /**
   * A copy-on-write snapshot: the live view, whose values the caller may hold by reference until it
   * calls release (after serializing them); until then the tables copy a value before they hand it
   * out, so processing goes on without changing what the snapshot holds.
   */
  beginSnapshot(): { readonly snapshot: HeapStateSnapshot; readonly release: () => void } {
    const tables = [...this.#states.values()].map(({ table }) => table)
    for (const table of tables) table.beginSharing()
    let isReleased = false
    return {
      snapshot: new HeapStateSnapshot(tables),
      release: () => {
        if (isReleased) return
        isReleased = true
        for (const table of tables) table.endSharing()
      },
    }
  }

  /**
   * Adds entries from a snapshot (checkpoints of the next issue build on this). The caller passes only
   * entries of key groups in keyGroupRange; a state restored before its operator asks for it takes
   * its reduce/aggregate function from the descriptor the operator later passes.
   */
  restoreEntries(entries: Iterable<HeapStateEntry>): void {
    for (const entry of entries) {
      const table = this.#tableFor(entry.stateName, entry.kind)
      const value = copyOfStored(entry.kind, entry.value)
      if (value !== undefined) table.restore(entry.namespace, entry.key, value)
    }
  }

  dispose(): void {
    for (const { table } of this.#states.values()) table.clearAll()
    this.#states.clear()
  }

  #stateFor<S extends object>(descriptor: StateDescriptor, create: (table: StateTable<any>) => S): S {
    const registered = this.#states.get(descriptor.name)
    if (registered === undefined) {
      const table = new StateTable<unknown>(descriptor.name, descriptor.kind, this.#currentKey)
      const state = create(table)
      this.#states.set(descriptor.name, { table, state })
      return state
    }
    checkKind(this.operatorName, registered.table, descriptor.kind)
    registered.state ??= create(registered.table)
    return registered.state as S
  }

  #tableFor(name: string, kind: StateKind): StateTable<unknown> {
    const registered = this.#states.get(name)
    if (registered !== undefined) {
      checkKind(this.operatorName, registered.table, kind)
      return registered.table
    }
    const table = new StateTable<unknown>(name, kind, this.#currentKey)
    this.#states.set(name, { table, state: undefined })
    return table
  }
}

function checkKind(operatorName: string, table: StateTable<unknown>, kind: StateKind): void {
  if (table.kind !== kind) throw new StateDescriptorMismatchError(operatorName, table.name, table.kind, kind)
}

// restored containers must not alias the snapshot's (states append to them in place), and an empty
// one is no entry at all, as when it was live; undefined means "skip"
function copyOfStored(kind: StateKind, value: unknown): unknown {
  if (kind === 'list') {
    const list = [...(value as Iterable<unknown>)]
    return list.length > 0 ? list : undefined
  }
  if (kind === 'map') {
    const map = new Map(value as Iterable<[unknown, unknown]>)
    return map.size > 0 ? map : undefined
  }
  return value
}
