import { KeyedCoProcessOperator } from '../operators/keyed-co-process-operator.js'
import type { Key } from '../state/key.js'
import { DataStream } from './data-stream.js'
import type { KeyedCoProcessFunction, KeySelector } from '../api/functions.js'

/** Two streams processed together by one operator (Flink's ConnectedStreams). */
export class ConnectedStreams<A, B> {
  constructor(readonly first: DataStream<A>, readonly second: DataStream<B>) {}

  /** Partitions both inputs by key, so the operator sees both sides of a key with shared state. */
  keyBy<K extends Key>(firstKey: KeySelector<A, K>, secondKey: KeySelector<B, K>): KeyedConnectedStreams<A, B, K> {
    return new KeyedConnectedStreams(this.first, this.second, firstKey, secondKey)
  }
}

/** Connected streams partitioned by a common key. */
export class KeyedConnectedStreams<A, B, K extends Key> {
  constructor(
    private readonly first: DataStream<A>,
    private readonly second: DataStream<B>,
    private readonly firstKey: KeySelector<A, K>,
    private readonly secondKey: KeySelector<B, K>,
  ) {}

  /** Processes both inputs with per-key state and timers. */
  process<R>(fn: KeyedCoProcessFunction<K, A, B, R>): DataStream<R> {
    const { firstKey, secondKey } = this
    const env = this.first.environment
    const left = this.first.keyBy(firstKey)
    const right = this.second.keyBy(secondKey)
    const t = env.createTransformation('KeyedCoProcess', 'two-input', [
      { transformation: left.transformation, partitioner: undefined, inputIndex: 1 },
      { transformation: right.transformation, partitioner: undefined, inputIndex: 2 },
    ], (name) => new KeyedCoProcessOperator<A, B, R>(name, firstKey, secondKey, fn as KeyedCoProcessFunction<Key, A, B, R>))
    t.keySelectors = [firstKey, secondKey]
    return new DataStream<R>(env, t)
  }
}
