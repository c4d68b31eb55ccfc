import { WindowOperator } from '../operators/window/window-operator.js'
import type { Key } from '../state/key.js'
import type { AggregateFunction, ReduceFunction } from '../state/state-descriptor.js'
import type { DataStream } from './data-stream.js'
import type { KeyedStream } from './keyed-stream.js'
import type { ProcessWindowFunction } from './windowing/process-window-function.js'
import type { WindowAssigner } from './windowing/window-assigner.js'

/** A keyed stream grouped into windows (Flink's WindowedStream); a window function ends it. */
export class WindowedStream<T, K extends Key, W> {
  #allowedLatenessMs = 0

  constructor(
    private readonly keyed: KeyedStream<T, K>,
    private readonly assigner: WindowAssigner<W>,
    /** windowAll: one global window operator (parallelism 1). */
    private readonly isAll = false,
  ) {}

  /** Keeps windows (and re-fires them for late elements) this long after the watermark passed their end. */
  allowedLateness(lateness: number): this {
    this.#allowedLatenessMs = lateness
    return this
  }

  /** Reduces the elements of each window incrementally; `windowFunction` sees the result with the window. */
  reduce<R = T>(reduce: ReduceFunction<T>, windowFunction?: ProcessWindowFunction<T, R, K, W>): DataStream<R> {
    return this.#window<R>('Window(Reduce)', { kind: 'reduce', reduce, windowFunction })
  }

  /** Aggregates the elements of each window incrementally through an accumulator. */
  aggregate<ACC, V, R = V>(aggregate: AggregateFunction<T, ACC, V>, windowFunction?: ProcessWindowFunction<V, R, K, W>): DataStream<R> {
    return this.#window<R>('Window(Aggregate)', { kind: 'aggregate', aggregate, windowFunction })
  }

  /** Hands all elements of a window to a ProcessWindowFunction when it fires. */
  process<R>(windowFunction: ProcessWindowFunction<T, R, K, W>): DataStream<R> {
    return this.#window<R>('Window(Process)', { kind: 'process', windowFunction })
  }

  #window<R>(name: string, contents: unknown): DataStream<R> {
    const { keySelector } = this.keyed
    const assigner = this.assigner
    const allowedLatenessMs = this.#allowedLatenessMs
    const stream = this.keyed.keyedOperator<R>(name, (operatorName) => new WindowOperator({
      name: operatorName,
      keySelector,
      assigner,
      allowedLatenessMs,
      contents,
    } as ConstructorParameters<typeof WindowOperator>[0]))
    if (this.isAll) stream.setParallelism(1)
    return stream
  }
}
