import { SlicedWindowOperator, canSlice, type SlicedWindowOperatorOptions } from '../operators/window/sliced-window-operator.js'
import type { WindowContents } from '../operators/window/window-contents.js'
import { WindowOperator } from '../operators/window/window-operator.js'
import { SlidingEventTimeWindows } from '../api/windowing/sliding-event-time-windows.js'
import type { Key } from '../state/key.js'
import type { AggregateFunction, ReduceFunction } from '../state/state-descriptor.js'
import type { DataStream } from './data-stream.js'
import type { KeyedStream } from './keyed-stream.js'
import type { ProcessWindowFunction } from '../api/windowing/process-window-function.js'
import type { WindowAssigner } from '../api/windowing/window-assigner.js'

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
    // sliding-window aggregates that can merge run by slices: one state update per element, not size/slide
    const slicing = slicingOf(assigner, allowedLatenessMs, contents as WindowContents<T, R, K>)
    const stream = this.keyed.keyedOperator<R>(name, slicing !== undefined
      ? (operatorName) => new SlicedWindowOperator({ name: operatorName, keySelector, ...slicing } as SlicedWindowOperatorOptions<T, unknown, unknown, R, K>)
      : (operatorName) => new WindowOperator({
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

/** The parts of a sliding-window aggregate that can run by slices (SlicedWindowOperator), if it can. */
function slicingOf<T, R, K extends Key>(assigner: unknown, allowedLatenessMs: number, contents: WindowContents<T, R, K>) {
  if (!(assigner instanceof SlidingEventTimeWindows) || !canSlice(assigner, allowedLatenessMs)) return undefined
  if (contents.kind !== 'aggregate' || contents.aggregate.merge === undefined) return undefined
  return { assigner, aggregate: contents.aggregate, windowFunction: contents.windowFunction }
}
