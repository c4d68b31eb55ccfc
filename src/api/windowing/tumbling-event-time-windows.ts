import { MissingRecordTimestampError } from '../../errors.js'
import type { TimeWindow } from './time-window.js'
import { windowStartWithOffset } from './time-window.js'
import type { WindowAssigner } from './window-assigner.js'
import { requireOffsetWithin, requirePositiveDuration } from './window-parameters.js'

/** Puts each element into the one fixed-size, non-overlapping event-time window containing its timestamp. */
export class TumblingEventTimeWindows implements WindowAssigner<TimeWindow> {
  readonly isEventTime = true
  readonly isMerging = false
  readonly windowSizeMs: number

  private constructor(readonly sizeMs: number, readonly offsetMs: number) {
    this.windowSizeMs = sizeMs
  }

  /** Windows [offset + k * size, offset + (k + 1) * size); an offset shifts them, e.g. to a time zone. */
  static of(sizeMs: number, offsetMs = 0): TumblingEventTimeWindows {
    requirePositiveDuration('TumblingEventTimeWindows.of', 'sizeMs', sizeMs)
    requireOffsetWithin('TumblingEventTimeWindows.of', offsetMs, 'sizeMs', sizeMs)
    return new TumblingEventTimeWindows(sizeMs, offsetMs)
  }

  assignWindows(_element: unknown, timestampMs: number): readonly TimeWindow[] {
    // NaN is the timestamp of a record that has none; it would land in a window [NaN, NaN)
    if (Number.isNaN(timestampMs)) throw new MissingRecordTimestampError(this.toString())
    const start = windowStartWithOffset(timestampMs, this.offsetMs, this.sizeMs)
    return [{ start, end: start + this.sizeMs }]
  }

  toString(): string {
    return `TumblingEventTimeWindows(${this.sizeMs})`
  }
}
