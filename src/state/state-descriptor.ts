/** Reduces two values of a ReducingState into one. */
export type ReduceFunction<T> = (a: T, b: T) => T

/** Flink's AggregateFunction: incremental aggregation through an accumulator. */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC
  /** May mutate and return the accumulator, or return a new one. */
  add(value: IN, accumulator: ACC): ACC
  getResult(accumulator: ACC): OUT
  /** Needed only when session windows merge. */
  merge?(a: ACC, b: ACC): ACC
}

/** Describes a value state: one value per key (and namespace). */
export interface ValueStateDescriptor<T> {
  readonly kind: 'value'
  readonly name: string
  readonly defaultValue?: T
}
/** Describes a list state: an appendable list per key. */
export interface ListStateDescriptor<T> {
  readonly kind: 'list'
  readonly name: string
  /** Phantom: carries the element type. */
  readonly _element?: T
}
/** Describes a map state: a map per key. */
export interface MapStateDescriptor<UK, UV> {
  readonly kind: 'map'
  readonly name: string
  readonly _entry?: [UK, UV]
}
/** Describes a reducing state: values folded with a ReduceFunction. */
export interface ReducingStateDescriptor<T> {
  readonly kind: 'reducing'
  readonly name: string
  readonly reduce: ReduceFunction<T>
}
/** Describes an aggregating state: values folded through an AggregateFunction. */
export interface AggregatingStateDescriptor<IN, ACC, OUT> {
  readonly kind: 'aggregating'
  readonly name: string
  readonly aggregate: AggregateFunction<IN, ACC, OUT>
}

/** Any state descriptor. */
export type StateDescriptor =
  | ValueStateDescriptor<any>
  | ListStateDescriptor<any>
  | MapStateDescriptor<any, any>
  | ReducingStateDescriptor<any>
  | AggregatingStateDescriptor<any, any, any>

/** Builds a ValueStateDescriptor. */
export function valueState<T>(name: string, defaultValue?: T): ValueStateDescriptor<T> {
  return defaultValue === undefined ? { kind: 'value', name } : { kind: 'value', name, defaultValue }
}
/** Builds a ListStateDescriptor. */
export function listState<T>(name: string): ListStateDescriptor<T> {
  return { kind: 'list', name }
}
/** Builds a MapStateDescriptor. */
export function mapState<UK, UV>(name: string): MapStateDescriptor<UK, UV> {
  return { kind: 'map', name }
}
/** Builds a ReducingStateDescriptor. */
export function reducingState<T>(name: string, reduce: ReduceFunction<T>): ReducingStateDescriptor<T> {
  return { kind: 'reducing', name, reduce }
}
/** Builds an AggregatingStateDescriptor. */
export function aggregatingState<IN, ACC, OUT>(name: string, aggregate: AggregateFunction<IN, ACC, OUT>): AggregatingStateDescriptor<IN, ACC, OUT> {
  return { kind: 'aggregating', name, aggregate }
}
