import type { Key, Namespace } from './key.js'
import type {
  AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor, ValueStateDescriptor,
} from './state-descriptor.js'
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from './keyed-state.js'

/** State that the runtime can point at a namespace (a window) before a function uses it. */
export interface InternalKvState {
  /** Scopes every later access to this namespace (VOID_NAMESPACE outside windows). */
  setCurrentNamespace(namespace: Namespace): void
}

/** State whose namespaces can be merged (session windows). */
export interface InternalMergingState extends InternalKvState {
  /** Merges the values of `sources` (for the current key) into `target` and clears the sources. */
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void
}

export type InternalValueState<T> = ValueState<T> & InternalKvState
export type InternalListState<T> = ListState<T> & InternalMergingState
export type InternalMapState<UK, UV> = MapState<UK, UV> & InternalKvState
export type InternalReducingState<T> = ReducingState<T> & InternalMergingState
export type InternalAggregatingState<IN, OUT> = AggregatingState<IN, OUT> & InternalMergingState

/** Where the runtime sets the key that keyed state and timers refer to. */
export interface KeyContext {
  setCurrentKey(key: Key): void
  getCurrentKey(): Key
}

/**
 * Holds all keyed state of one operator subtask. Access is synchronous: the current key is set
 * by the runtime before each element or timer, and states read and write that key's value.
 * Asking twice for the same state name returns the same state object; asking for an existing
 * name with a different kind is a StateDescriptorMismatchError.
 */
export interface KeyedStateBackend extends KeyContext {
  getValueState<T>(descriptor: ValueStateDescriptor<T>): InternalValueState<T>
  getListState<T>(descriptor: ListStateDescriptor<T>): InternalListState<T>
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): InternalMapState<UK, UV>
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): InternalReducingState<T>
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): InternalAggregatingState<IN, OUT>
  /** Number of (key, namespace) entries across all states, for metrics and tests. */
  numEntries(): number
  dispose(): void
}
