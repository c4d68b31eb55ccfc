/** Source of time for everything that decides by time; tests inject a ManualClock. */
export interface Clock {
  /** Wall-clock epoch milliseconds. */
  nowMs(): number
  /** Monotonic milliseconds with sub-millisecond precision, for durations. */
  relativeMs(): number
}

/** The production clock. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  relativeMs: () => performance.now(),
}
