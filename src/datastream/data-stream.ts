import { InvalidJobGraphError } from '../errors.js'
import type { Partitioner } from '../graph/partitioner.js'
import type { Transformation } from '../graph/transformation.js'
import { ProcessOperator } from '../operators/process-operator.js'
import { SinkOperator } from '../operators/sink-operator.js'
import { StreamFilter } from '../operators/stream-filter.js'
import { StreamFlatMap } from '../operators/stream-flat-map.js'
import { StreamMap } from '../operators/stream-map.js'
import type { Key } from '../state/key.js'
import { PrintSink } from '../connectors/print/print-sink.js'
import { CoGroupedStreams } from './co-grouped-streams.js'
import { ConnectedStreams } from './connected-streams.js'
import { KeyedStream } from './keyed-stream.js'
import type { FilterFunction, FlatMapFunction, KeySelector, MapFunction, ProcessFunction } from '../api/functions.js'
import type { Sink } from '../api/sink.js'
import type { StreamExecutionEnvironment } from './stream-execution-environment.js'
import { WindowedStream } from './windowed-stream.js'
import type { WindowAssigner } from '../api/windowing/window-assigner.js'

/** A stream of records of type T (Flink's DataStream / SingleOutputStreamOperator). */
export class DataStream<T> {
  constructor(readonly environment: StreamExecutionEnvironment, readonly transformation: Transformation) {}

  /** Names the operator (shown in vertex names, metrics and errors). */
  name(name: string): this {
    this.#physical('name').name = name
    return this
  }

  /** A stable id for the operator: its state is restored by this id, even if the job changes. */
  uid(uid: string): this {
    this.#physical('uid').uid = uid
    return this
  }

  setParallelism(parallelism: number): this {
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new InvalidJobGraphError(`setParallelism(${parallelism}) on '${this.transformation.name}': parallelism must be a whole number of at least 1`)
    }
    this.#physical('setParallelism').parallelism = parallelism
    return this
  }

  /** Stops chaining this operator to its predecessor (Flink's startNewChain). */
  startNewChain(): this {
    this.#physical('startNewChain').chainingStrategy = 'HEAD'
    return this
  }

  /** Never chains this operator (Flink's disableChaining). */
  disableChaining(): this {
    this.#physical('disableChaining').chainingStrategy = 'NEVER'
    return this
  }

  #physical(what: string): Transformation {
    const t = this.transformation
    if (t.kind === 'union' || t.kind === 'partition') {
      throw new InvalidJobGraphError(`${what}() applies to an operator, not to the result of ${t.kind === 'union' ? 'union()' : t.name}`)
    }
    return t
  }

  map<R>(fn: MapFunction<T, R>): DataStream<R> {
    return this.oneInput<R>('Map', (name) => new StreamMap(name, fn))
  }

  filter(fn: FilterFunction<T>): DataStream<T> {
    return this.oneInput<T>('Filter', (name) => new StreamFilter(name, fn))
  }

  flatMap<R>(fn: FlatMapFunction<T, R>): DataStream<R> {
    return this.oneInput<R>('Flat Map', (name) => new StreamFlatMap(name, fn))
  }

  process<R>(fn: ProcessFunction<T, R>): DataStream<R> {
    return this.oneInput<R>('Process', (name) => new ProcessOperator(name, fn))
  }

  /** Partitions by key: records with the same key go to the same subtask, which keeps state per key. */
  keyBy<K extends Key>(keySelector: KeySelector<T, K>): KeyedStream<T, K> {
    const partition = this.environment.createTransformation('KeyBy', 'partition', [{ transformation: this.transformation, partitioner: undefined, inputIndex: 1 }], undefined, { kind: 'hash', keySelector })
    return new KeyedStream<T, K>(this.environment, partition, keySelector)
  }

  /** Distributes records round robin over the next operator's subtasks. */
  rebalance(): DataStream<T> {
    return this.#partition('Rebalance', { kind: 'rebalance' })
  }

  /** Sends every record to the first subtask of the next operator. */
  global(): DataStream<T> {
    return this.#partition('Global', { kind: 'global' })
  }

  /** Sends every record to every subtask of the next operator. */
  broadcast(): DataStream<T> {
    return this.#partition('Broadcast', { kind: 'broadcast' })
  }

  #partition(name: string, partitioner: Partitioner): DataStream<T> {
    const t = this.environment.createTransformation(name, 'partition', [{ transformation: this.transformation, partitioner: undefined, inputIndex: 1 }], undefined, partitioner)
    return new DataStream<T>(this.environment, t)
  }

  /** Merges streams of the same type. */
  union(...others: DataStream<T>[]): DataStream<T> {
    const inputs = [this, ...others].map((s) => ({ transformation: s.transformation, partitioner: undefined, inputIndex: 1 as const }))
    return new DataStream<T>(this.environment, this.environment.createTransformation('Union', 'union', inputs, undefined))
  }

  /** Connects with another stream for a two-input operator (Flink's connect). */
  connect<U>(other: DataStream<U>): ConnectedStreams<T, U> {
    return new ConnectedStreams(this, other)
  }

  /** Window co-group with another stream: `coGroup(b).where(ka).equalTo(kb).window(w).apply(fn)`. */
  coGroup<U>(other: DataStream<U>): CoGroupedStreams<T, U> {
    return new CoGroupedStreams(this, other)
  }

  /** Window join with another stream: `join(b).where(ka).equalTo(kb).window(w).join(fn)`. */
  join<U>(other: DataStream<U>): CoGroupedStreams<T, U> {
    return new CoGroupedStreams(this, other)
  }

  /** Groups all records into windows in a single subtask (Flink's windowAll). */
  windowAll<W>(assigner: WindowAssigner<W>): WindowedStream<T, 0, W> {
    return new WindowedStream<T, 0, W>(this.keyBy(() => 0 as const), assigner, true)
  }

  /** Prints every record to standard output (Flink's print()). */
  print(prefix?: string): DataStream<never> {
    return this.sinkTo(new PrintSink<T>(prefix === undefined ? {} : { prefix }), 'Print to Std. Out')
  }

  /** Writes the stream to a sink. */
  sinkTo(sink: Sink<T>, name = 'Sink'): DataStream<never> {
    const t = this.environment.createTransformation(name, 'sink', [{ transformation: this.transformation, partitioner: undefined, inputIndex: 1 }], (operatorName) => new SinkOperator<T>(operatorName, sink))
    t.parallelismLimit = sink.maxParallelism
    return new DataStream<never>(this.environment, t)
  }

  /** Adds a one-input operator after this stream. */
  oneInput<R>(name: string, factory: (operatorName: string) => unknown, keySelector?: (value: any) => unknown): DataStream<R> {
    const t = this.environment.createTransformation(name, 'one-input', [{ transformation: this.transformation, partitioner: undefined, inputIndex: 1 }], factory)
    if (keySelector !== undefined) t.keySelectors = [keySelector]
    return new DataStream<R>(this.environment, t)
  }
}
