import type { TimeWindow } from './time-window.js'
import { windowStartWithOffset } from './time-window.js'
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js'
import { requireOffsetWithin, requirePositiveDuration } from './window-parameters.js'

/** Puts each element into the one fixed-size, non-overlapping processing-time window containing the current time. */
export class TumblingProcessingTimeWindows implements WindowAssigner<TimeWindow> {
  readonly isEventTime = false
  readonly isMerging = false
  readonly windowSizeMs: number

  private constructor(readonly sizeMs: number, readonly offsetMs: number) {
    this.windowSizeMs = sizeMs
  }

  /** Windows [offset + k * size, offset + (k + 1) * size) of the processing-time clock. */
  static of(sizeMs: number, offsetMs = 0): TumblingProcessingTimeWindows {
    requirePositiveDuration('TumblingProcessingTimeWindows.of', 'sizeMs', sizeMs)
    requireOffsetWithin('TumblingProcessingTimeWindows.of', offsetMs, 'sizeMs', sizeMs)
    return new TumblingProcessingTimeWindows(sizeMs, offsetMs)
  }

  assignWindows(_element: unknown, _timestampMs: number, context: WindowAssignerContext): readonly TimeWindow[] {
    const start = windowStartWithOffset(context.currentProcessingTime(), this.offsetMs, this.sizeMs)
    return [{ start, end: start + this.sizeMs }]
  }

  toString(): string {
    return `TumblingProcessingTimeWindows(${this.sizeMs})`
  }
}
