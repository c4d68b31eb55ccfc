import type { TimeWindow } from './time-window.js'
import { slidingWindowsContaining } from './time-window.js'
import type { WindowAssigner, WindowAssignerContext } from './window-assigner.js'
import { requireOffsetWithin, requirePositiveDuration } from './window-parameters.js'

/** Puts each element into the size/slide overlapping processing-time windows that contain the current time. */
export class SlidingProcessingTimeWindows implements WindowAssigner<TimeWindow> {
  readonly isEventTime = false
  readonly isMerging = false
  readonly windowSizeMs: number

  private constructor(readonly sizeMs: number, readonly slideMs: number, readonly offsetMs: number) {
    this.windowSizeMs = sizeMs
  }

  /** Windows of sizeMs starting every slideMs (at offset + k * slide) of the processing-time clock. */
  static of(sizeMs: number, slideMs: number, offsetMs = 0): SlidingProcessingTimeWindows {
    requirePositiveDuration('SlidingProcessingTimeWindows.of', 'sizeMs', sizeMs)
    requirePositiveDuration('SlidingProcessingTimeWindows.of', 'slideMs', slideMs)
    requireOffsetWithin('SlidingProcessingTimeWindows.of', offsetMs, 'slideMs', slideMs)
    return new SlidingProcessingTimeWindows(sizeMs, slideMs, offsetMs)
  }

  assignWindows(_element: unknown, _timestampMs: number, context: WindowAssignerContext): readonly TimeWindow[] {
    return slidingWindowsContaining(context.currentProcessingTime(), this.sizeMs, this.slideMs, this.offsetMs)
  }

  toString(): string {
    return `SlidingProcessingTimeWindows(${this.sizeMs}, ${this.slideMs})`
  }
}
