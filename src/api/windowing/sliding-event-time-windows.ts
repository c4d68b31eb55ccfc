import { MissingRecordTimestampError } from '../../errors.js'
import type { TimeWindow } from './time-window.js'
import { slidingWindowsContaining } from './time-window.js'
import type { WindowAssigner } from './window-assigner.js'
import { requireOffsetWithin, requirePositiveDuration } from './window-parameters.js'

/** Puts each element into the size/slide overlapping event-time windows that contain its timestamp. */
export class SlidingEventTimeWindows implements WindowAssigner<TimeWindow> {
  readonly isEventTime = true
  readonly isMerging = false
  readonly windowSizeMs: number

  private constructor(readonly sizeMs: number, readonly slideMs: number, readonly offsetMs: number) {
    this.windowSizeMs = sizeMs
  }

  /** Windows of sizeMs starting every slideMs (at offset + k * slide); a slide above the size leaves gaps. */
  static of(sizeMs: number, slideMs: number, offsetMs = 0): SlidingEventTimeWindows {
    requirePositiveDuration('SlidingEventTimeWindows.of', 'sizeMs', sizeMs)
    requirePositiveDuration('SlidingEventTimeWindows.of', 'slideMs', slideMs)
    requireOffsetWithin('SlidingEventTimeWindows.of', offsetMs, 'slideMs', slideMs)
    return new SlidingEventTimeWindows(sizeMs, slideMs, offsetMs)
  }

  assignWindows(_element: unknown, timestampMs: number): readonly TimeWindow[] {
    if (Number.isNaN(timestampMs)) throw new MissingRecordTimestampError(this.toString())
    return slidingWindowsContaining(timestampMs, this.sizeMs, this.slideMs, this.offsetMs)
  }

  toString(): string {
    return `SlidingEventTimeWindows(${this.sizeMs}, ${this.slideMs})`
  }
}
