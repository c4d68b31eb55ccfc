import type { ProcessWindowFunction } from '../../api/windowing/process-window-function.js'
import type { TimeWindow } from '../../api/windowing/time-window.js'
import type { Key, Namespace } from '../../state/key.js'
import type {
  InternalAggregatingState, InternalListState, InternalReducingState, KeyedStateBackend,
} from '../../state/keyed-state-backend.js'
import type { AggregateFunction, ReduceFunction } from '../../state/state-descriptor.js'
import { aggregatingState, listState, reducingState } from '../../state/state-descriptor.js'

/**
 * What a window keeps and emits: a reduce or an aggregate folds elements as they come (one value
 * per window), a process function keeps every element. The optional windowFunction of the first
 * two receives the folded result as its only element; without it, the result itself is emitted.
 */
export type WindowContents<IN, OUT, K = Key> =
  | { readonly kind: 'reduce'; readonly reduce: ReduceFunction<IN>; readonly windowFunction?: ProcessWindowFunction<IN, OUT, K, TimeWindow> }
  | {
    readonly kind: 'aggregate'
    readonly aggregate: AggregateFunction<IN, unknown, unknown>
    readonly windowFunction?: ProcessWindowFunction<unknown, OUT, K, TimeWindow>
  }
  | { readonly kind: 'process'; readonly windowFunction: ProcessWindowFunction<IN, OUT, K, TimeWindow> }

/** The keyed state of window contents ("window-contents"), scoped to a window by its namespace. */
export interface WindowContentsState<IN> {
  setCurrentNamespace(namespace: Namespace): void
  /** Adds an element to the current window; true when the window had no contents before (its timers are not set yet). */
  add(value: IN): boolean
  /** What the current window emits: the folded result, or the list of elements; undefined when it is empty. */
  contents(): unknown
  /** True when contents() is one folded result rather than the list of elements. */
  readonly isSingleResult: boolean
  clear(): void
  /** Merges the contents of `sources` into `target` (session windows). */
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void
}

/** Flink's name of the window contents state. */
export const WINDOW_CONTENTS_STATE_NAME = 'window-contents'

class ReducingWindowContents<IN> implements WindowContentsState<IN> {
  readonly isSingleResult = true
  readonly #state: InternalReducingState<IN>

  constructor(backend: KeyedStateBackend, reduce: ReduceFunction<IN>) {
    this.#state = backend.getReducingState(reducingState(WINDOW_CONTENTS_STATE_NAME, reduce))
  }

  setCurrentNamespace(namespace: Namespace): void { this.#state.setCurrentNamespace(namespace) }
  add(value: IN): boolean {
    const isNew = this.#state.get() === undefined
    this.#state.add(value)
    return isNew
  }
  contents(): unknown { return this.#state.get() }
  clear(): void { this.#state.clear() }
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void { this.#state.mergeNamespaces(target, sources) }
}

/**
 * Keeps the accumulator, not the result: the state's getResult is the identity, so asking whether a
 * window is new costs no call of the user's getResult, which runs only when the window fires.
 */
class AggregatingWindowContents<IN> implements WindowContentsState<IN> {
  readonly isSingleResult = true
  readonly #state: InternalAggregatingState<IN, unknown>
  readonly #aggregate: AggregateFunction<IN, unknown, unknown>

  constructor(backend: KeyedStateBackend, aggregate: AggregateFunction<IN, unknown, unknown>) {
    this.#aggregate = aggregate
    this.#state = accumulatorStateFor(backend, aggregate)
  }

  setCurrentNamespace(namespace: Namespace): void { this.#state.setCurrentNamespace(namespace) }
  add(value: IN): boolean {
    const isNew = this.#state.get() === undefined
    this.#state.add(value)
    return isNew
  }
  contents(): unknown {
    const accumulator = this.#state.get()
    return accumulator === undefined ? undefined : this.#aggregate.getResult(accumulator)
  }
  clear(): void { this.#state.clear() }
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void { this.#state.mergeNamespaces(target, sources) }
}

class ListWindowContents<IN> implements WindowContentsState<IN> {
  readonly isSingleResult = false
  readonly #state: InternalListState<IN>

  constructor(backend: KeyedStateBackend) {
    this.#state = backend.getListState(listState<IN>(WINDOW_CONTENTS_STATE_NAME))
  }

  setCurrentNamespace(namespace: Namespace): void { this.#state.setCurrentNamespace(namespace) }
  add(value: IN): boolean {
    const isNew = this.#state.get().length === 0
    this.#state.add(value)
    return isNew
  }
  contents(): unknown {
    const elements = this.#state.get()
    return elements.length === 0 ? undefined : elements
  }
  clear(): void { this.#state.clear() }
  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void { this.#state.mergeNamespaces(target, sources) }
}

/**
 * The "window-contents" state of an aggregate, keeping accumulators rather than results: its
 * getResult is the identity, so the user's getResult runs only when a window fires.
 */
export function accumulatorStateFor<IN, ACC>(backend: KeyedStateBackend, aggregate: AggregateFunction<IN, ACC, unknown>): InternalAggregatingState<IN, ACC> {
  const accumulating: AggregateFunction<IN, ACC, ACC> = {
    createAccumulator: () => aggregate.createAccumulator(),
    add: (value, accumulator) => aggregate.add(value, accumulator),
    getResult: (accumulator) => accumulator,
  }
  // without merge() the state raises StateMergeUnsupportedError at the first session merge, as it should
  if (aggregate.merge !== undefined) accumulating.merge = (a, b) => aggregate.merge!(a, b)
  return backend.getAggregatingState(aggregatingState(WINDOW_CONTENTS_STATE_NAME, accumulating))
}

/** Creates the state that keeps `contents` in `backend`. */
export function windowContentsStateFor<IN>(contents: WindowContents<IN, unknown, any>, backend: KeyedStateBackend): WindowContentsState<IN> {
  switch (contents.kind) {
    case 'reduce': return new ReducingWindowContents(backend, contents.reduce)
    case 'aggregate': return new AggregatingWindowContents(backend, contents.aggregate)
    case 'process': return new ListWindowContents(backend)
  }
}
