import type { KeySelector } from '../../api/functions.js'
import type { ProcessWindowContext, ProcessWindowFunction } from '../../api/windowing/process-window-function.js'
import type { TimeWindow } from '../../api/windowing/time-window.js'
import type { MergingWindowAssigner, WindowAssigner, WindowAssignerContext } from '../../api/windowing/window-assigner.js'
import { isMergingWindowAssigner } from '../../api/windowing/window-assigner.js'
import { requireNonNegativeDuration } from '../../api/windowing/window-parameters.js'
import { KeyedStateUnavailableError, userFunctionFailed } from '../../errors.js'
import type { Key, Namespace } from '../../state/key.js'
import type { InternalListState, KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { InternalTimer, InternalTimerService, Triggerable } from '../../state/internal-timer-service.js'
import { listState } from '../../state/state-descriptor.js'
import { AbstractStreamOperator } from '../abstract-stream-operator.js'
import type { Output, StreamOperatorContext } from '../stream-operator.js'
import { TimestampedCollector } from '../timestamped-collector.js'
import { closeUserFunction, openUserFunction } from '../user-function.js'
import type { MergeFunction, WindowMapping } from './merging-window-set.js'
import { MergingWindowSet } from './merging-window-set.js'
import type { WindowContents, WindowContentsState } from './window-contents.js'
import { windowContentsStateFor } from './window-contents.js'
import type { WindowNamespaceCodec } from './window-namespace-codec.js'
import { windowNamespaceCodecFor } from './window-namespace-codec.js'

/** What a WindowOperator is built from. */
export interface WindowOperatorOptions<IN, OUT, K extends Key = Key> {
  readonly name: string
  readonly keySelector: KeySelector<IN, K>
  readonly assigner: WindowAssigner<TimeWindow>
  /** How long after a window fired it still accepts late elements (event time only); 0 by default. */
  readonly allowedLatenessMs?: number
  readonly contents: WindowContents<IN, OUT, K>
}

/** Flink's name of the timer service of window operators. */
export const WINDOW_TIMER_SERVICE_NAME = 'window-timers'
/** The keyed state backend and window timer service a window operator needs; a clear error on a non-keyed stream. */
export function windowServicesOf(operatorName: string, context: StreamOperatorContext, triggerable: Triggerable):
  { readonly backend: KeyedStateBackend; readonly timers: InternalTimerService } {
  const backend = context.keyedStateBackend
  const manager = context.timeServiceManager
  if (backend === undefined || manager === undefined) throw new KeyedStateUnavailableError(operatorName, 'windows')
  return { backend, timers: manager.getInternalTimerService(WINDOW_TIMER_SERVICE_NAME, triggerable) }
}

/** Flink's name of the state holding the MergingWindowSet of each key. */
export const MERGING_WINDOW_SET_STATE_NAME = 'merging-window-set'

/**
 * Windows of a keyed stream (Flink's WindowOperator with the assigner's default trigger): keeps the
 * contents of each (key, window), fires a window once the watermark (event time) or the clock
 * (processing time) passes its last timestamp, and drops its state at the cleanup time, which is
 * that timestamp plus the allowed lateness. Records it emits carry the window's last timestamp.
 */
export class WindowOperator<IN, OUT, K extends Key = Key> extends AbstractStreamOperator<IN> implements Triggerable {
  /** Elements dropped because every window they belong to was already cleaned up (Flink's metric of this name). */
  numLateRecordsDropped = 0

  readonly #keySelector: KeySelector<IN, K>
  readonly #assigner: WindowAssigner<TimeWindow>
  readonly #mergingAssigner: MergingWindowAssigner<TimeWindow> | undefined
  readonly #isEventTime: boolean
  readonly #allowedLatenessMs: number
  readonly #contents: WindowContents<IN, OUT, K>
  readonly #windowFunction: ProcessWindowFunction<unknown, OUT, K, TimeWindow> | undefined
  readonly #codec: WindowNamespaceCodec
  readonly #mergeFunction: MergeFunction = (mergeResult, mergedWindows, stateWindowResult, mergedStateWindows) =>
    this.#onMerge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows)

  #backend!: KeyedStateBackend
  #timers!: InternalTimerService
  #state!: WindowContentsState<IN>
  #mergingWindowSetState: InternalListState<WindowMapping> | undefined
  #assignerContext!: WindowAssignerContext
  #collector!: TimestampedCollector<OUT>
  #processContext!: MutableProcessWindowContext

  constructor(options: WindowOperatorOptions<IN, OUT, K>) {
    super(options.name)
    const allowedLatenessMs = options.allowedLatenessMs ?? 0
    requireNonNegativeDuration(`window operator '${options.name}'`, 'allowedLatenessMs', allowedLatenessMs)
    this.#keySelector = options.keySelector
    this.#assigner = options.assigner
    this.#mergingAssigner = isMergingWindowAssigner(options.assigner) ? options.assigner : undefined
    this.#isEventTime = options.assigner.isEventTime
    // Flink: lateness means nothing in processing time, where no element is ever late
    this.#allowedLatenessMs = this.#isEventTime ? allowedLatenessMs : 0
    this.#contents = options.contents
    this.#windowFunction = options.contents.windowFunction as ProcessWindowFunction<unknown, OUT, K, TimeWindow> | undefined
    this.#codec = windowNamespaceCodecFor(options.assigner)
  }

  override open(): void {
    const { backend, timers } = windowServicesOf(this.name, this.context, this)
    this.#backend = backend
    this.#timers = timers
    this.#state = windowContentsStateFor(this.#contents, backend)
    if (this.#mergingAssigner !== undefined) {
      this.#mergingWindowSetState = backend.getListState(listState<WindowMapping>(MERGING_WINDOW_SET_STATE_NAME))
    }
    this.#assignerContext = { currentProcessingTime: () => timers.currentProcessingTime() }
    this.#collector = new TimestampedCollector(this.output as Output<OUT>)
    this.#processContext = new MutableProcessWindowContext(timers)
    openUserFunction(this.#windowFunction, this.context.runtimeContext, this.name)
  }

  processElement(value: IN, timestampMs: number): void {
    let windows: readonly TimeWindow[]
    try {
      this.#backend.setCurrentKey(this.#keySelector(value))
      windows = this.#assigner.assignWindows(value, timestampMs, this.#assignerContext)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    const watermarkMs = this.#timers.currentWatermark()
    const isSkipped = this.#mergingAssigner === undefined
      ? this.#addToWindows(value, windows, watermarkMs)
      : this.#addToMergingWindows(value, windows, watermarkMs, this.#mergingAssigner)
    // Flink: an element counts as dropped only if it is itself late, not merely outside every window
    if (isSkipped && this.#isEventTime && timestampMs + this.#allowedLatenessMs <= watermarkMs) this.numLateRecordsDropped++
  }

  /** Adds to fixed windows; true when every window was late. */
  #addToWindows(value: IN, windows: readonly TimeWindow[], watermarkMs: number): boolean {
    const state = this.#state
    const timers = this.#timers
    const isEventTime = this.#isEventTime
    let isSkipped = true
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!
      const maxTimestampMs = window.end - 1
      const cleanupTimeMs = maxTimestampMs + this.#allowedLatenessMs
      if (isEventTime && cleanupTimeMs <= watermarkMs) continue
      isSkipped = false
      const namespace = this.#codec.toNamespace(window)
      state.setCurrentNamespace(namespace)
      let isNew: boolean
      try {
        isNew = state.add(value)
      } catch (thrown) {
        throw userFunctionFailed(this.name, thrown)
      }
      // timers are set once, when the window's state is created: until the state is cleaned up they stay
      // set (or have fired, and then the window fires on every element), so registering again per element
      // would only be deduplicated by the timer service
      if (!isEventTime) {
        if (isNew) timers.registerProcessingTimeTimer(namespace, maxTimestampMs)
        continue
      }
      if (maxTimestampMs <= watermarkMs) {
        // late but within the allowed lateness: fire again at once, with this element (Flink's EventTimeTrigger)
        this.#emitWindowContents(window)
      } else if (isNew) {
        timers.registerEventTimeTimer(namespace, maxTimestampMs)
      }
      if (isNew && cleanupTimeMs !== maxTimestampMs) timers.registerEventTimeTimer(namespace, cleanupTimeMs)
    }
    return isSkipped
  }

  /** Adds to merging windows (sessions), merging them per key; true when every window was late. */
  #addToMergingWindows(value: IN, windows: readonly TimeWindow[], watermarkMs: number, assigner: MergingWindowAssigner<TimeWindow>): boolean {
    const mergingWindows = new MergingWindowSet(assigner, this.#mergingWindowSetState!)
    let isSkipped = true
    for (const window of windows) {
      const actualWindow = mergingWindows.addWindow(window, this.#mergeFunction)
      const maxTimestampMs = actualWindow.end - 1
      const cleanupTimeMs = maxTimestampMs + this.#allowedLatenessMs
      if (this.#isEventTime && cleanupTimeMs <= watermarkMs) {
        // a late window cannot have merged with an in-flight one (those end after the watermark): it has no state
        mergingWindows.retireWindow(actualWindow)
        continue
      }
      isSkipped = false
      const namespace = this.#codec.toNamespace(actualWindow)
      this.#state.setCurrentNamespace(this.#codec.toNamespace(mergingWindows.stateWindowOf(actualWindow)!))
      try {
        this.#state.add(value)
      } catch (thrown) {
        throw userFunctionFailed(this.name, thrown)
      }
      // a session changes shape with every element, so its timers are (re)set each time; the service dedupes
      if (!this.#isEventTime) {
        this.#timers.registerProcessingTimeTimer(namespace, maxTimestampMs)
        continue
      }
      if (maxTimestampMs <= watermarkMs) this.#emitWindowContents(actualWindow)
      else this.#timers.registerEventTimeTimer(namespace, maxTimestampMs)
      if (cleanupTimeMs !== maxTimestampMs) this.#timers.registerEventTimeTimer(namespace, cleanupTimeMs)
    }
    mergingWindows.persist()
    return isSkipped
  }

  /** The timers and state of the windows merged away move to the merge result. */
  #onMerge(mergeResult: TimeWindow, mergedWindows: readonly TimeWindow[], stateWindowResult: TimeWindow, mergedStateWindows: readonly TimeWindow[]): void {
    const timers = this.#timers
    for (const merged of mergedWindows) {
      const namespace = this.#codec.toNamespace(merged)
      const maxTimestampMs = merged.end - 1
      if (this.#isEventTime) {
        timers.deleteEventTimeTimer(namespace, maxTimestampMs)
        timers.deleteEventTimeTimer(namespace, maxTimestampMs + this.#allowedLatenessMs)
      } else {
        timers.deleteProcessingTimeTimer(namespace, maxTimestampMs)
      }
    }
    // Flink's onMerge of the default triggers: a merge result already due fires through the element that caused it
    const maxTimestampMs = mergeResult.end - 1
    const namespace = this.#codec.toNamespace(mergeResult)
    if (this.#isEventTime) {
      if (maxTimestampMs > timers.currentWatermark()) timers.registerEventTimeTimer(namespace, maxTimestampMs)
    } else if (maxTimestampMs > timers.currentProcessingTime()) {
      timers.registerProcessingTimeTimer(namespace, maxTimestampMs)
    }
    try {
      this.#state.mergeNamespaces(this.#codec.toNamespace(stateWindowResult), mergedStateWindows.map((w) => this.#codec.toNamespace(w)))
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  onEventTime(timer: InternalTimer): void {
    // processing-time windows set no event-time timers; Flink's ProcessingTimeTrigger ignores them
    if (this.#isEventTime) this.#onTimer(timer)
  }

  onProcessingTime(timer: InternalTimer): void {
    if (!this.#isEventTime) this.#onTimer(timer)
  }

  /** A window's last timestamp fires it; its cleanup time drops its state (both, when lateness is 0). */
  #onTimer(timer: InternalTimer): void {
    const window = this.#codec.toWindow(timer.namespace)
    let stateNamespace: Namespace = timer.namespace
    let mergingWindows: MergingWindowSet | undefined
    if (this.#mergingAssigner !== undefined) {
      mergingWindows = new MergingWindowSet(this.#mergingAssigner, this.#mergingWindowSetState!)
      const stateWindow = mergingWindows.stateWindowOf(window)
      // the window was merged into another (whose own timers now stand for it) or retired
      if (stateWindow === undefined) return
      stateNamespace = this.#codec.toNamespace(stateWindow)
    }
    this.#state.setCurrentNamespace(stateNamespace)
    const maxTimestampMs = window.end - 1
    if (timer.timestampMs === maxTimestampMs) this.#emitWindowContents(window)
    if (timer.timestampMs === maxTimestampMs + this.#allowedLatenessMs) {
      this.#state.clear()
      if (mergingWindows !== undefined) {
        mergingWindows.retireWindow(window)
        mergingWindows.persist()
      }
    }
  }

  /** Emits the contents of the window in the state's current namespace, through the window function if any. */
  #emitWindowContents(window: TimeWindow): void {
    const maxTimestampMs = window.end - 1
    let contents: unknown
    try {
      contents = this.#state.contents()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    if (contents === undefined) return
    const windowFunction = this.#windowFunction
    if (windowFunction === undefined) {
      this.output.collect(contents, maxTimestampMs)
      return
    }
    try {
      this.#collector.timestampMs = maxTimestampMs
      this.#processContext.window = window
      const elements = this.#state.isSingleResult ? [contents] : contents as Iterable<unknown>
      windowFunction.process(this.#backend.getCurrentKey() as K, this.#processContext, elements, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override close(): void {
    closeUserFunction(this.#windowFunction, this.name)
  }
}

/** The context handed to the window function, reused across firings. */
export class MutableProcessWindowContext implements ProcessWindowContext<TimeWindow> {
  window: TimeWindow = { start: 0, end: 0 }

  constructor(private readonly timers: InternalTimerService) {}

  currentWatermark(): number {
    return this.timers.currentWatermark()
  }

  currentProcessingTime(): number {
    return this.timers.currentProcessingTime()
  }
}
