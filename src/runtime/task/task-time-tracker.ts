/** What a subtask is doing, for the busy/idle/back-pressured time metrics. */
export type TaskActivity = 'busy' | 'idle' | 'back-pressured'

/**
 * Accumulates how long a subtask was busy, idle (no input) and back-pressured (no output buffer),
 * the base of Flink's busyTimeMsPerSecond, idleTimeMsPerSecond and backPressuredTimeMsPerSecond.
 * Updated only on transitions, never per record.
 */
export class TaskTimeTracker {
  #activity: TaskActivity = 'busy'
  #sinceMs: number
  #idleMs = 0
  #backPressuredMs = 0
  readonly #startedMs: number

  constructor(nowMs: number) {
    this.#sinceMs = nowMs
    this.#startedMs = nowMs
  }

  get activity(): TaskActivity {
    return this.#activity
  }

  transition(activity: TaskActivity, nowMs: number): void {
    if (activity === this.#activity) return
    this.#close(nowMs)
    this.#activity = activity
  }

  #close(nowMs: number): void {
    const elapsed = nowMs - this.#sinceMs
    if (this.#activity === 'idle') this.#idleMs += elapsed
    else if (this.#activity === 'back-pressured') this.#backPressuredMs += elapsed
    this.#sinceMs = nowMs
  }

  /** Accumulated times up to nowMs (Flink's accumulateIdleTimeMs etc.). */
  totals(nowMs: number): { busyMs: number; idleMs: number; backPressuredMs: number } {
    this.#close(nowMs)
    const idleMs = this.#idleMs
    const backPressuredMs = this.#backPressuredMs
    return { idleMs, backPressuredMs, busyMs: Math.max(0, nowMs - this.#startedMs - idleMs - backPressuredMs) }
  }
}
