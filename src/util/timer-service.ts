/** Cancels a scheduled callback; a no-op once it ran or was cancelled. */
export type CancelTimer = () => void

/** How a scheduled callback relates to the process's life. */
export interface TimerOptions {
  /**
   * False for a timer that must not hold the process open by itself (a grace period, a watchdog, a periodic
   * sample); a timer the job waits on (a restart's back-off) keeps it alive. True by default.
   */
  readonly keepsProcessAlive?: boolean
}

/**
 * Runs callbacks later (Flink's ScheduledExecutor): the coordinator and the runtime never call setTimeout or
 * setInterval themselves, so that unit tests drive every timer through a manual clock.
 */
export interface TimerService {
  /** Runs `callback` once, `delayMs` from now. */
  schedule(delayMs: number, callback: () => void, options?: TimerOptions): CancelTimer
  /** Runs `callback` every `periodMs`, the first time `periodMs` from now, until cancelled. */
  scheduleRepeatedly(periodMs: number, callback: () => void, options?: TimerOptions): CancelTimer
}

/** The production timer service, on Node's timers. */
export const systemTimerService: TimerService = {
  schedule(delayMs, callback, options) {
    const timer = setTimeout(callback, delayMs)
    if (options?.keepsProcessAlive === false) timer.unref()
    return () => clearTimeout(timer)
  },
  scheduleRepeatedly(periodMs, callback, options) {
    const timer = setInterval(callback, periodMs)
    if (options?.keepsProcessAlive === false) timer.unref()
    return () => clearInterval(timer)
  },
}
