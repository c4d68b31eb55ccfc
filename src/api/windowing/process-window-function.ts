import type { Collector, RichFunction } from '../functions.js'
import type { Key } from '../../state/key.js'
import type { TimeWindow } from './time-window.js'

/** What a ProcessWindowFunction learns about the window it evaluates (Flink's ProcessWindowFunction.Context). */
export interface ProcessWindowContext<W = TimeWindow> {
  /** The window being evaluated. */
  readonly window: W
  /** The operator's event-time watermark (-Infinity before the first). */
  currentWatermark(): number
  currentProcessingTime(): number
}

/**
 * Evaluates a window of one key when it fires (Flink's ProcessWindowFunction). Behind a reduce or
 * aggregate, `elements` holds the single pre-aggregated result; otherwise every element of the window.
 */
export interface ProcessWindowFunction<IN, OUT, K = Key, W = TimeWindow> extends RichFunction {
  process(key: K, context: ProcessWindowContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void
}
