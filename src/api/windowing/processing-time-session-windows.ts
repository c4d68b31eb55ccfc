import type { MergeCallback, TimeWindow } from './time-window.js'
import { mergeWindows } from './time-window.js'
import type { MergingWindowAssigner, WindowAssignerContext } from './window-assigner.js'
import { requirePositiveDuration } from './window-parameters.js'

/** Groups the elements of a key into processing-time sessions that end after gapMs without an element. */
export class ProcessingTimeSessionWindows implements MergingWindowAssigner<TimeWindow> {
  readonly isEventTime = false
  readonly isMerging = true
  readonly windowSizeMs = undefined

  private constructor(readonly gapMs: number) {}

  /** Each element opens [now, now + gap) of the processing-time clock; sessions that overlap or touch merge. */
  static withGap(gapMs: number): ProcessingTimeSessionWindows {
    requirePositiveDuration('ProcessingTimeSessionWindows.withGap', 'gapMs', gapMs)
    return new ProcessingTimeSessionWindows(gapMs)
  }

  assignWindows(_element: unknown, _timestampMs: number, context: WindowAssignerContext): readonly TimeWindow[] {
    const nowMs = context.currentProcessingTime()
    return [{ start: nowMs, end: nowMs + this.gapMs }]
  }

  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    mergeWindows(windows, callback)
  }

  toString(): string {
    return `ProcessingTimeSessionWindows(${this.gapMs})`
  }
}
