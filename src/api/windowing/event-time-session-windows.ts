import { MissingRecordTimestampError } from '../../errors.js'
import type { MergeCallback, TimeWindow } from './time-window.js'
import { mergeWindows } from './time-window.js'
import type { MergingWindowAssigner } from './window-assigner.js'
import { requirePositiveDuration } from './window-parameters.js'

/** Groups the elements of a key into event-time sessions that end after gapMs without an element. */
export class EventTimeSessionWindows implements MergingWindowAssigner<TimeWindow> {
  readonly isEventTime = true
  readonly isMerging = true
  readonly windowSizeMs = undefined

  private constructor(readonly gapMs: number) {}

  /** Each element opens [timestamp, timestamp + gap); sessions that overlap or touch merge. */
  static withGap(gapMs: number): EventTimeSessionWindows {
    requirePositiveDuration('EventTimeSessionWindows.withGap', 'gapMs', gapMs)
    return new EventTimeSessionWindows(gapMs)
  }

  assignWindows(_element: unknown, timestampMs: number): readonly TimeWindow[] {
    if (Number.isNaN(timestampMs)) throw new MissingRecordTimestampError(this.toString())
    return [{ start: timestampMs, end: timestampMs + this.gapMs }]
  }

  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    mergeWindows(windows, callback)
  }

  toString(): string {
    return `EventTimeSessionWindows(${this.gapMs})`
  }
}
