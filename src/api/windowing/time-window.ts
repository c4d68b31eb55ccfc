/** A window of event or processing time covering [start, end). */
export interface TimeWindow {
  readonly start: number
  readonly end: number
}

/** The last timestamp that belongs to the window (end - 1), when its event-time trigger fires. */
export function maxTimestamp(window: TimeWindow): number {
  return window.end - 1
}

/** Flink's TimeWindow.getWindowStartWithOffset: the start of the window containing timestampMs. */
export function windowStartWithOffset(timestampMs: number, offsetMs: number, windowSizeMs: number): number {
  const remainder = (timestampMs - offsetMs) % windowSizeMs
  // JS % keeps the sign of the dividend; Flink corrects negative remainders the same way
  return remainder < 0 ? timestampMs - (remainder + windowSizeMs) : timestampMs - remainder
}

/** Receives one group of windows that merge into `mergeResult` (Flink's MergingWindowAssigner.MergeCallback). */
export type MergeCallback<W> = (toBeMerged: readonly W[], mergeResult: W) => void

/**
 * Flink's TimeWindow.mergeWindows: groups the windows that overlap or touch into the window that
 * covers them, and reports every group of more than one distinct window to `callback`.
 */
export function mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
  const sorted = [...windows].sort((a, b) => a.start - b.start)
  let cover: TimeWindow | undefined
  let group: TimeWindow[] = []
  for (const candidate of sorted) {
    // touching windows merge too ([0, 10) and [10, 20)): Flink's intersects() compares with <= and >=
    if (cover !== undefined && cover.start <= candidate.end && cover.end >= candidate.start) {
      cover = { start: Math.min(cover.start, candidate.start), end: Math.max(cover.end, candidate.end) }
      // Flink collects a group in a set: the same window twice is one window
      if (!group.some((w) => w.start === candidate.start && w.end === candidate.end)) group.push(candidate)
      continue
    }
    if (cover !== undefined && group.length > 1) callback(group, cover)
    cover = candidate
    group = [candidate]
  }
  if (cover !== undefined && group.length > 1) callback(group, cover)
}

/** The windows of size sizeMs, sliding by slideMs, that contain timestampMs, latest first (Flink's SlidingEventTimeWindows). */
export function slidingWindowsContaining(timestampMs: number, sizeMs: number, slideMs: number, offsetMs: number): TimeWindow[] {
  const windows: TimeWindow[] = []
  const lastStart = windowStartWithOffset(timestampMs, offsetMs, slideMs)
  for (let start = lastStart; start > timestampMs - sizeMs; start -= slideMs) windows.push({ start, end: start + sizeMs })
  return windows
}
