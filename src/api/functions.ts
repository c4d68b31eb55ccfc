import type { MetricGroup } from './metrics.js'
import type { Key } from '../state/key.js'
import type {
  AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor, ValueStateDescriptor,
} from '../state/state-descriptor.js'
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/keyed-state.js'

/** What a user function learns about where it runs, and its door to keyed state. */
export interface RuntimeContext {
  /** Name of the operator the function belongs to. */
  readonly operatorName: string
  readonly subtaskIndex: number
  readonly parallelism: number
  readonly maxParallelism: number
  /** 0 on the first run, incremented on every restart. */
  readonly attemptNumber: number
  /** Keyed state: only on a KeyedStream (otherwise KeyedStateUnavailableError). */
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>
  /** The operator subtask's metric group, for user metrics (register them in open()). */
  getMetricGroup(): MetricGroup
}

/** Receives the records a function emits. */
export interface Collector<T> {
  collect(value: T): void
}

/** Optional lifecycle of a function object (Flink's RichFunction). */
export interface RichFunction {
  open?(context: RuntimeContext): void
  close?(): void
}

export type MapFunction<T, R> = ((value: T) => R) | (RichFunction & { map(value: T): R })
export type FilterFunction<T> = ((value: T) => boolean) | (RichFunction & { filter(value: T): boolean })
export type FlatMapFunction<T, R> =
  | ((value: T, out: Collector<R>) => void)
  | (RichFunction & { flatMap(value: T, out: Collector<R>): void })

/** Extracts the key of a record; must be deterministic. */
export type KeySelector<T, K extends Key = Key> = (value: T) => K

/** Timers and time of a keyed function. */
export interface TimerService {
  currentProcessingTime(): number
  /** The operator's current event-time watermark (-Infinity before the first). */
  currentWatermark(): number
  registerEventTimeTimer(timestampMs: number): void
  registerProcessingTimeTimer(timestampMs: number): void
  deleteEventTimeTimer(timestampMs: number): void
  deleteProcessingTimeTimer(timestampMs: number): void
}

/** Context of ProcessFunction.processElement. */
export interface ProcessContext {
  /** The record's event timestamp, or undefined when it has none. */
  timestamp(): number | undefined
  /** The operator's current event-time watermark. */
  currentWatermark(): number
}

/** Context of KeyedProcessFunction.processElement. */
export interface KeyedProcessContext<K extends Key> extends ProcessContext {
  getCurrentKey(): K
  timerService(): TimerService
}

/** Context of onTimer. */
export interface OnTimerContext<K extends Key> extends KeyedProcessContext<K> {
  timeDomain(): 'EVENT_TIME' | 'PROCESSING_TIME'
}

/** Processes records one by one (non-keyed). */
export interface ProcessFunction<I, O> extends RichFunction {
  processElement(value: I, ctx: ProcessContext, out: Collector<O>): void
}

/** Processes the records of a KeyedStream with keyed state and timers. */
export interface KeyedProcessFunction<K extends Key, I, O> extends RichFunction {
  processElement(value: I, ctx: KeyedProcessContext<K>, out: Collector<O>): void
  onTimer?(timestampMs: number, ctx: OnTimerContext<K>, out: Collector<O>): void
}

/** Processes two connected keyed streams sharing keyed state and timers. */
export interface KeyedCoProcessFunction<K extends Key, I1, I2, O> extends RichFunction {
  processElement1(value: I1, ctx: KeyedProcessContext<K>, out: Collector<O>): void
  processElement2(value: I2, ctx: KeyedProcessContext<K>, out: Collector<O>): void
  onTimer?(timestampMs: number, ctx: OnTimerContext<K>, out: Collector<O>): void
}

/** Context of ProcessJoinFunction: both elements' timestamps. */
export interface ProcessJoinContext {
  leftTimestamp(): number
  rightTimestamp(): number
  /** The later of the two timestamps (the timestamp of the output). */
  timestamp(): number
}

/** Joins one pair of elements of an interval join. */
export type ProcessJoinFunction<L, R, O> =
  | ((left: L, right: R, ctx: ProcessJoinContext, out: Collector<O>) => void)
  | (RichFunction & { processElement(left: L, right: R, ctx: ProcessJoinContext, out: Collector<O>): void })
