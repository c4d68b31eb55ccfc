import type { TimeWindow } from '../../api/windowing/time-window.js'
import type { MergingWindowAssigner } from '../../api/windowing/window-assigner.js'
import type { ListState } from '../../state/keyed-state.js'
import { windowBoundsName } from './window-namespace-codec.js'

/** An in-flight window and the window whose namespace holds its state. */
export type WindowMapping = readonly [window: TimeWindow, stateWindow: TimeWindow]

/**
 * Called when adding a window merged others: `mergedWindows` (never the added window itself) became
 * `mergeResult`, whose state lives in `stateWindowResult`; the states of `mergedStateWindows` must
 * be merged into it.
 */
export type MergeFunction = (
  mergeResult: TimeWindow,
  mergedWindows: readonly TimeWindow[],
  stateWindowResult: TimeWindow,
  mergedStateWindows: readonly TimeWindow[],
) => void

/**
 * Tracks the in-flight windows of one key of a merging assigner and where each keeps its state
 * (Flink's MergingWindowSet). A merged window keeps the state window of one of the windows it
 * swallowed, so merging moves only the other windows' state, never the bulk of a growing session.
 * Loaded from a list state per element or timer, written back by persist() when it changed.
 */
export class MergingWindowSet {
  readonly #assigner: MergingWindowAssigner<TimeWindow>
  readonly #state: ListState<WindowMapping>
  /** By windowBoundsName(window): windows compare by value. */
  readonly #windows = new Map<string, WindowMapping>()
  #isChanged = false

  constructor(assigner: MergingWindowAssigner<TimeWindow>, state: ListState<WindowMapping>) {
    this.#assigner = assigner
    this.#state = state
    for (const mapping of state.get()) this.#windows.set(windowBoundsName(mapping[0]), mapping)
  }

  /** The window holding the state of an in-flight window; undefined when the window is not in flight (merged away, retired). */
  stateWindowOf(window: TimeWindow): TimeWindow | undefined {
    return this.#windows.get(windowBoundsName(window))?.[1]
  }

  /** Removes a window from the in-flight set (it was cleaned up, or it is late). */
  retireWindow(window: TimeWindow): void {
    if (this.#windows.delete(windowBoundsName(window))) this.#isChanged = true
  }

  /** The in-flight windows, for tests and diagnostics. */
  windows(): TimeWindow[] {
    return [...this.#windows.values()].map(([window]) => window)
  }

  /**
   * Adds a window, merging it with the in-flight windows it overlaps; `merge` is called for each
   * merge. Returns the window the new one ended up in: itself, or the merge result. Elements and
   * triggers must use the returned window only.
   */
  addWindow(newWindow: TimeWindow, merge: MergeFunction): TimeWindow {
    const candidates = this.windows()
    candidates.push(newWindow)
    const mergeResults: Array<[TimeWindow, TimeWindow[]]> = []
    this.#assigner.mergeWindows(candidates, (toBeMerged, mergeResult) => { mergeResults.push([mergeResult, [...toBeMerged]]) })

    let resultWindow = newWindow
    let isNewWindowMerged = false
    for (const [mergeResult, mergedWindows] of mergeResults) {
      const newIndex = mergedWindows.findIndex((w) => isSameWindow(w, newWindow))
      if (newIndex >= 0) {
        mergedWindows.splice(newIndex, 1)
        isNewWindowMerged = true
        resultWindow = mergeResult
      }
      // the new window has no state yet, so the target state window is one of an in-flight window
      const stateWindowResult = this.stateWindowOf(mergedWindows[0]!)!
      const mergedStateWindows: TimeWindow[] = []
      for (const merged of mergedWindows) {
        const name = windowBoundsName(merged)
        const mapping = this.#windows.get(name)
        if (mapping === undefined) continue
        this.#windows.delete(name)
        if (!isSameWindow(mapping[1], stateWindowResult)) mergedStateWindows.push(mapping[1])
      }
      this.#windows.set(windowBoundsName(mergeResult), [mergeResult, stateWindowResult])
      this.#isChanged = true
      // the new window fell inside one in-flight window: nothing grew, nothing to merge
      if (!(mergedWindows.length === 1 && isSameWindow(mergedWindows[0]!, mergeResult))) {
        merge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows)
      }
    }
    if (mergeResults.length === 0 || (isSameWindow(resultWindow, newWindow) && !isNewWindowMerged)) {
      this.#windows.set(windowBoundsName(newWindow), [newWindow, newWindow])
      this.#isChanged = true
    }
    return resultWindow
  }

  /** Writes the set back to its list state if it changed; an empty set leaves no state entry. */
  persist(): void {
    if (!this.#isChanged) return
    if (this.#windows.size === 0) this.#state.clear()
    else this.#state.update(this.#windows.values())
    this.#isChanged = false
  }
}

function isSameWindow(a: TimeWindow, b: TimeWindow): boolean {
  return a.start === b.start && a.end === b.end
}
