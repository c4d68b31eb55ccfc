import type { CancelTimer, TimerService } from '../../src/util/timer-service.js'
import { ManualClock } from './manual-clock.js'

interface ScheduledCallback {
  dueAtMs: number
  readonly sequence: number
  readonly periodMs: number | undefined
  readonly callback: () => void
  isCancelled: boolean
}

/**
 * A TimerService on a ManualClock: nothing runs until the test advances time; then every due callback runs in due
 * order (ties in scheduling order), with the clock set to its due time, including callbacks scheduled meanwhile.
 */
export class ManualTimerService implements TimerService {
  readonly clock: ManualClock
  #sequence = 0
  #scheduled: ScheduledCallback[] = []

  constructor(clock = new ManualClock(0)) {
    this.clock = clock
  }

  schedule(delayMs: number, callback: () => void): CancelTimer {
    return this.#add(delayMs, undefined, callback)
  }

  scheduleRepeatedly(periodMs: number, callback: () => void): CancelTimer {
    return this.#add(periodMs, periodMs, callback)
  }

  /** How many callbacks are scheduled and neither ran (one-off) nor were cancelled. */
  get numScheduled(): number {
    return this.#scheduled.filter((s) => !s.isCancelled).length
  }

  /** When the next callback is due (clock ms), undefined when none is scheduled. */
  get nextDueAtMs(): number | undefined {
    return this.#next()?.dueAtMs
  }

  /** Moves the clock `ms` forward, running what falls due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.clock.nowMs() + ms)
  }

  /** Moves the clock to `targetMs`, running what falls due on the way, each at its due time. */
  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.#next()
      if (next === undefined || next.dueAtMs > targetMs) break
      this.clock.advance(Math.max(0, next.dueAtMs - this.clock.nowMs()))
      if (next.periodMs === undefined) next.isCancelled = true
      else next.dueAtMs += next.periodMs
      next.callback()
    }
    this.clock.advance(Math.max(0, targetMs - this.clock.nowMs()))
  }

  /** Runs the callbacks due now (a zero delay) without moving the clock. */
  runDue(): void {
    this.advanceTo(this.clock.nowMs())
  }

  #add(delayMs: number, periodMs: number | undefined, callback: () => void): CancelTimer {
    const scheduled: ScheduledCallback = { dueAtMs: this.clock.nowMs() + Math.max(0, delayMs), sequence: this.#sequence++, periodMs, callback, isCancelled: false }
    this.#scheduled.push(scheduled)
    return () => { scheduled.isCancelled = true }
  }

  #next(): ScheduledCallback | undefined {
    this.#scheduled = this.#scheduled.filter((s) => !s.isCancelled)
    let next: ScheduledCallback | undefined
    for (const s of this.#scheduled) if (next === undefined || s.dueAtMs < next.dueAtMs || (s.dueAtMs === next.dueAtMs && s.sequence < next.sequence)) next = s
    return next
  }
}
