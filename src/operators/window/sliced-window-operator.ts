import type { KeySelector } from '../../api/functions.js'
import type { ProcessWindowFunction } from '../../api/windowing/process-window-function.js'
import type { SlidingEventTimeWindows } from '../../api/windowing/sliding-event-time-windows.js'
import { windowStartWithOffset, type TimeWindow } from '../../api/windowing/time-window.js'
import { MissingRecordTimestampError, userFunctionFailed } from '../../errors.js'
import type { Key } from '../../state/key.js'
import type { InternalAggregatingState, KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { InternalTimer, InternalTimerService, Triggerable } from '../../state/internal-timer-service.js'
import type { AggregateFunction } from '../../state/state-descriptor.js'
import { AbstractStreamOperator } from '../abstract-stream-operator.js'
import type { Output } from '../stream-operator.js'
import { TimestampedCollector } from '../timestamped-collector.js'
import { closeUserFunction, openUserFunction } from '../user-function.js'
import { accumulatorStateFor } from './window-contents.js'
import { MutableProcessWindowContext, windowServicesOf } from './window-operator.js'

/** An aggregate whose accumulators can be merged: what slicing needs. */
export type MergeableAggregateFunction<IN, ACC, V> = AggregateFunction<IN, ACC, V> & { merge(a: ACC, b: ACC): ACC }

/** What a SlicedWindowOperator is built from. */
export interface SlicedWindowOperatorOptions<IN, ACC, V, OUT, K extends Key = Key> {
  readonly name: string
  readonly keySelector: KeySelector<IN, K>
  readonly assigner: SlidingEventTimeWindows
  readonly aggregate: MergeableAggregateFunction<IN, ACC, V>
  readonly windowFunction?: ProcessWindowFunction<V, OUT, K, TimeWindow>
}

/** Whether sliding windows can be computed by slices: the slide divides the size, and there is no allowed lateness. */
export function canSlice(assigner: SlidingEventTimeWindows, allowedLatenessMs: number): boolean {
  return allowedLatenessMs === 0 && assigner.sizeMs > assigner.slideMs && assigner.sizeMs % assigner.slideMs === 0
}

/**
 * Event-time sliding windows of an aggregate computed by slices, as Flink SQL's slicing window
 * operator does for HOP windows: an element updates the one slice (a slide-long pane) it falls in
 * instead of all size/slide windows that contain it, and a window, when it fires, merges the
 * accumulators of its slices. Same results as the WindowOperator with allowed lateness 0: an
 * element late for some windows still counts in the later ones; late for all, it is dropped.
 *
 * State: one accumulator per (key, slice), in the "window-contents" state under the slice's start.
 * Timers: at most one pending per key and window, under the window's start: a new slice sets the
 * timer of the earliest window due that contains it, and each firing window sets the next window's
 * when a slice of that one exists. A slice is dropped when the last window containing it (the one
 * starting with it) fires.
 */
export class SlicedWindowOperator<IN, ACC, V, OUT, K extends Key = Key> extends AbstractStreamOperator<IN> implements Triggerable {
  /** Elements dropped because every window they belong to had fired (Flink's metric of this name). */
  numLateRecordsDropped = 0

  readonly #keySelector: KeySelector<IN, K>
  readonly #assigner: SlidingEventTimeWindows
  readonly #sizeMs: number
  readonly #slideMs: number
  readonly #aggregate: MergeableAggregateFunction<IN, ACC, V>
  readonly #windowFunction: ProcessWindowFunction<V, OUT, K, TimeWindow> | undefined
  #backend!: KeyedStateBackend
  #timers!: InternalTimerService
  #slices!: InternalAggregatingState<IN, ACC>
  #collector!: TimestampedCollector<OUT>
  #context!: MutableProcessWindowContext

  constructor(options: SlicedWindowOperatorOptions<IN, ACC, V, OUT, K>) {
    super(options.name)
    this.#keySelector = options.keySelector
    this.#assigner = options.assigner
    this.#sizeMs = options.assigner.sizeMs
    this.#slideMs = options.assigner.slideMs
    this.#aggregate = options.aggregate
    this.#windowFunction = options.windowFunction
  }

  override open(): void {
    const { backend, timers } = windowServicesOf(this.name, this.context, this)
    this.#backend = backend
    this.#timers = timers
    this.#context = new MutableProcessWindowContext(this.#timers)
    this.#slices = accumulatorStateFor(backend, this.#aggregate)
    this.#collector = new TimestampedCollector(this.output as Output<OUT>)
    openUserFunction(this.#windowFunction, this.context.runtimeContext, this.name)
  }

  processElement(value: IN, timestampMs: number): void {
    if (Number.isNaN(timestampMs)) throw new MissingRecordTimestampError(this.#assigner.toString())
    const sizeMs = this.#sizeMs
    const slideMs = this.#slideMs
    const sliceStart = windowStartWithOffset(timestampMs, this.#assigner.offsetMs, slideMs)
    const watermarkMs = this.#timers.currentWatermark()
    // the last window containing the slice starts with it; if even that one fired, all have
    if (sliceStart + sizeMs - 1 <= watermarkMs) {
      this.numLateRecordsDropped++
      return
    }
    const slices = this.#slices
    let isNew: boolean
    try {
      this.#backend.setCurrentKey(this.#keySelector(value))
      slices.setCurrentNamespace(sliceStart)
      isNew = slices.get() === undefined
      slices.add(value)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    if (!isNew) return
    // windows ending from the slice's end to its start + size contain it; the earliest still due gets a
    // timer, and each firing sets the next window's (a chain, not one timer per window and slice)
    for (let windowEnd = sliceStart + slideMs; windowEnd <= sliceStart + sizeMs; windowEnd += slideMs) {
      if (windowEnd - 1 > watermarkMs) {
        this.#timers.registerEventTimeTimer(windowEnd - sizeMs, windowEnd - 1)
        return
      }
    }
  }

  /** After the window ending at windowEnd fired: the next window needs a timer if a slice of it exists already. */
  #chainNextWindow(windowEnd: number): void {
    const slideMs = this.#slideMs
    const slices = this.#slices
    const nextEnd = windowEnd + slideMs
    // slices of the next window that the fired one also had; a newer slice sets its own timer when created
    for (let sliceStart = nextEnd - this.#sizeMs; sliceStart < windowEnd; sliceStart += slideMs) {
      slices.setCurrentNamespace(sliceStart)
      if (slices.get() !== undefined) {
        this.#timers.registerEventTimeTimer(nextEnd - this.#sizeMs, nextEnd - 1)
        return
      }
    }
  }

  onEventTime(timer: InternalTimer): void {
    const windowStart = timer.namespace as number
    const windowEnd = windowStart + this.#sizeMs
    const slices = this.#slices
    const aggregate = this.#aggregate
    let result: V
    try {
      let accumulator: ACC | undefined
      for (let sliceStart = windowStart; sliceStart < windowEnd; sliceStart += this.#slideMs) {
        slices.setCurrentNamespace(sliceStart)
        const slice = slices.get()
        if (slice === undefined) continue
        accumulator = aggregate.merge(accumulator ?? aggregate.createAccumulator(), slice)
      }
      // the window's first slice is in no later window
      slices.setCurrentNamespace(windowStart)
      slices.clear()
      this.#chainNextWindow(windowEnd)
      if (accumulator === undefined) return
      result = aggregate.getResult(accumulator)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.#emit(result, { start: windowStart, end: windowEnd })
  }

  onProcessingTime(): void {
    // event-time windows set no processing-time timers
  }

  #emit(result: V, window: TimeWindow): void {
    const maxTimestampMs = window.end - 1
    const windowFunction = this.#windowFunction
    if (windowFunction === undefined) {
      this.output.collect(result as unknown as OUT, maxTimestampMs)
      return
    }
    try {
      this.#collector.timestampMs = maxTimestampMs
      this.#context.window = window
      windowFunction.process(this.#backend.getCurrentKey() as K, this.#context, [result], this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override close(): void {
    closeUserFunction(this.#windowFunction, this.name)
  }
}
