import type { MergeCallback, TimeWindow } from './time-window.js'

/** What an assigner may ask of the operator while it assigns windows. */
export interface WindowAssignerContext {
  /** The subtask's processing-time clock, in epoch milliseconds. */
  currentProcessingTime(): number
}

/**
 * Decides which windows an element belongs to (Flink's WindowAssigner). The built-in assigners put
 * elements into TimeWindows and fire them with Flink's default trigger for their time domain.
 */
export interface WindowAssigner<W = TimeWindow> {
  /** The windows of an element with event timestamp timestampMs (NaN when it has none); never empty for the built-ins. */
  assignWindows(element: unknown, timestampMs: number, context: WindowAssignerContext): readonly W[]
  /** True: windows fire as the watermark passes them; false: as the processing-time clock does. */
  readonly isEventTime: boolean
  /** True for assigners whose windows merge (sessions); they are MergingWindowAssigners. */
  readonly isMerging: boolean
  /**
   * The length of every window when all have the same one (tumbling, sliding): the operator then
   * names a window by its start alone. undefined when lengths vary (sessions).
   */
  readonly windowSizeMs: number | undefined
}

/** An assigner whose windows merge when they overlap (Flink's MergingWindowAssigner): session windows. */
export interface MergingWindowAssigner<W = TimeWindow> extends WindowAssigner<W> {
  readonly isMerging: true
  /** Reports every group of `windows` that merges, with the window covering the group. */
  mergeWindows(windows: readonly W[], callback: MergeCallback<W>): void
}

/** Tells a merging assigner apart from the others. */
export function isMergingWindowAssigner<W>(assigner: WindowAssigner<W>): assigner is MergingWindowAssigner<W> {
  return assigner.isMerging && typeof (assigner as Partial<MergingWindowAssigner<W>>).mergeWindows === 'function'
}
