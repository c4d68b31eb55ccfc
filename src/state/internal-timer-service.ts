import type { Key, Namespace } from './key.js'

/** A registered timer: fires for `key` and `namespace` at `timestampMs`. */
export interface InternalTimer {
  readonly timestampMs: number
  readonly key: Key
  readonly namespace: Namespace
}

/** What a timer service calls when a timer fires; the current key is already set to timer.key. */
export interface Triggerable {
  onEventTime(timer: InternalTimer): void
  onProcessingTime(timer: InternalTimer): void
}

/** Cancels something scheduled. */
export interface Cancellable {
  cancel(): void
}

/**
 * Wall-clock time and delayed callbacks of a subtask. The runtime runs each callback as a
 * mail of the subtask's mailbox, never concurrently with element processing.
 */
export interface ProcessingTimeService {
  currentTimeMs(): number
  /** Calls `callback(timestampMs)` once the wall clock reaches timestampMs (immediately if passed). */
  registerTimer(timestampMs: number, callback: (timestampMs: number) => void): Cancellable
}

/**
 * Event- and processing-time timers of one keyed operator, scoped to the current key.
 * Registering the same (key, namespace, timestamp) twice keeps one timer, as in Flink.
 */
export interface InternalTimerService {
  currentProcessingTime(): number
  /** The last watermark this operator received; -Infinity before the first. */
  currentWatermark(): number
  registerEventTimeTimer(namespace: Namespace, timestampMs: number): void
  deleteEventTimeTimer(namespace: Namespace, timestampMs: number): void
  registerProcessingTimeTimer(namespace: Namespace, timestampMs: number): void
  deleteProcessingTimeTimer(namespace: Namespace, timestampMs: number): void
}

/** All timer services of one operator; the operator advances them on every watermark. */
export interface InternalTimeServiceManager {
  /** The timer service of this name, created on first use with `triggerable` as its callback. */
  getInternalTimerService(name: string, triggerable: Triggerable): InternalTimerService
  /** Fires, in timestamp order, every event-time timer at or before watermarkMs, of all services. */
  advanceWatermark(watermarkMs: number): void
}
