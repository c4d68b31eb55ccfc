/**
 * The keyed state a user function sees. Every call reads or writes the value of the
 * current key (set by the runtime before it calls the function) and current namespace.
 */

/** One value per key. */
export interface ValueState<T> {
  /** The value, or the descriptor's default (undefined when none) if nothing was written. */
  value(): T | undefined
  update(value: T): void
  clear(): void
}

/** A list per key. */
export interface ListState<T> {
  /** The elements in insertion order; empty when nothing was added. Do not mutate. */
  get(): readonly T[]
  add(value: T): void
  addAll(values: Iterable<T>): void
  /** Replaces the whole list. */
  update(values: Iterable<T>): void
  clear(): void
}

/** A map per key. */
export interface MapState<UK, UV> {
  get(key: UK): UV | undefined
  put(key: UK, value: UV): void
  putAll(entries: Iterable<[UK, UV]>): void
  remove(key: UK): void
  contains(key: UK): boolean
  entries(): IterableIterator<[UK, UV]>
  keys(): IterableIterator<UK>
  values(): IterableIterator<UV>
  isEmpty(): boolean
  clear(): void
}

/** Values folded with a ReduceFunction. */
export interface ReducingState<T> {
  get(): T | undefined
  add(value: T): void
  clear(): void
}

/** Values folded through an AggregateFunction. */
export interface AggregatingState<IN, OUT> {
  get(): OUT | undefined
  add(value: IN): void
  clear(): void
}
