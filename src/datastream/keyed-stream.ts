import { IntervalJoinOperator } from '../operators/interval-join-operator.js'
import { KeyedProcessOperator } from '../operators/keyed-process-operator.js'
import { StreamGroupedAggregate, reduceAsAggregate } from '../operators/stream-grouped-aggregate.js'
import { InvalidJobGraphError } from '../errors.js'
import type { Transformation } from '../graph/transformation.js'
import type { Key } from '../state/key.js'
import type { AggregateFunction, ReduceFunction } from '../state/state-descriptor.js'
import { DataStream } from './data-stream.js'
import type { KeyedProcessFunction, KeySelector, ProcessJoinFunction } from '../api/functions.js'
import type { StreamExecutionEnvironment } from './stream-execution-environment.js'
import type { WindowAssigner } from '../api/windowing/window-assigner.js'
import { WindowedStream } from './windowed-stream.js'

/** A stream partitioned by key (Flink's KeyedStream): operators on it keep state and timers per key. */
export class KeyedStream<T, K extends Key> {
  constructor(
    readonly environment: StreamExecutionEnvironment,
    readonly transformation: Transformation,
    readonly keySelector: KeySelector<T, K>,
  ) {}

  /** Processes each record with per-key state and timers. */
  process<R>(fn: KeyedProcessFunction<K, T, R>): DataStream<R> {
    const keySelector = this.keySelector
    return this.keyedOperator<R>('KeyedProcess', (name) => new KeyedProcessOperator<T, R>(name, keySelector, fn as KeyedProcessFunction<Key, T, R>))
  }

  /** A rolling reduce: emits the reduced value of the record's key after every record. */
  reduce(fn: ReduceFunction<T>): DataStream<T> {
    const keySelector = this.keySelector
    return this.keyedOperator<T>('Keyed Reduce', (name) => new StreamGroupedAggregate(name, keySelector, reduceAsAggregate(fn)))
  }

  /** A rolling aggregation: emits the key's current result after every record. */
  aggregate<ACC, R>(fn: AggregateFunction<T, ACC, R>): DataStream<R> {
    const keySelector = this.keySelector
    return this.keyedOperator<R>('Keyed Aggregate', (name) => new StreamGroupedAggregate(name, keySelector, fn))
  }

  /** Groups records of each key into windows. */
  window<W>(assigner: WindowAssigner<W>): WindowedStream<T, K, W> {
    return new WindowedStream<T, K, W>(this, assigner)
  }

  /** Joins with another keyed stream on time intervals (Flink's intervalJoin). */
  intervalJoin<U>(other: KeyedStream<U, K>): IntervalJoinBuilder<T, U, K> {
    return new IntervalJoinBuilder(this, other)
  }

  /** Adds a one-input keyed operator: it receives this stream's hash partitioning and keyed state. */
  keyedOperator<R>(name: string, factory: (operatorName: string) => unknown): DataStream<R> {
    const t = this.environment.createTransformation(name, 'one-input', [{ transformation: this.transformation, partitioner: undefined, inputIndex: 1 }], factory)
    t.keySelectors = [this.keySelector]
    return new DataStream<R>(this.environment, t)
  }
}

/** Configures an interval join: elements of the right side within [left + lower, left + upper] match. */
export class IntervalJoinBuilder<L, R, K extends Key> {
  constructor(private readonly left: KeyedStream<L, K>, private readonly right: KeyedStream<R, K>) {}

  /** Both bounds inclusive, in milliseconds relative to the left element's timestamp. */
  between(lowerBoundMs: number, upperBoundMs: number): IntervalJoined<L, R, K> {
    if (lowerBoundMs > upperBoundMs) {
      throw new InvalidJobGraphError(`intervalJoin().between(${lowerBoundMs}, ${upperBoundMs}): the lower bound must not exceed the upper bound`)
    }
    return new IntervalJoined(this.left, this.right, lowerBoundMs, upperBoundMs)
  }
}

/** An interval join with bounds, waiting for its join function. */
export class IntervalJoined<L, R, K extends Key> {
  constructor(
    private readonly left: KeyedStream<L, K>,
    private readonly right: KeyedStream<R, K>,
    private readonly lowerBoundMs: number,
    private readonly upperBoundMs: number,
  ) {}

  process<O>(fn: ProcessJoinFunction<L, R, O>): DataStream<O> {
    const { left, right, lowerBoundMs, upperBoundMs } = this
    const env = left.environment
    const t = env.createTransformation('IntervalJoin', 'two-input', [
      { transformation: left.transformation, partitioner: undefined, inputIndex: 1 },
      { transformation: right.transformation, partitioner: undefined, inputIndex: 2 },
    ], (name) => new IntervalJoinOperator<L, R, O>(name, left.keySelector, right.keySelector, lowerBoundMs, upperBoundMs, fn))
    t.keySelectors = [left.keySelector, right.keySelector]
    return new DataStream<O>(env, t)
  }
}
