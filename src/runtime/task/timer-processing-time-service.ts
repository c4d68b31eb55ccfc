import type { Cancellable, ProcessingTimeService } from '../../state/internal-timer-service.js'
import type { Clock } from '../../util/clock.js'

/**
 * Processing time of a subtask, backed by setTimeout. Callbacks do not run from the timer
 * directly: they are handed to `enqueueMail`, so they run in the subtask's mailbox between
 * elements, never in the middle of one.
 */
export class TimerProcessingTimeService implements ProcessingTimeService {
  readonly #pending = new Set<NodeJS.Timeout>()

  constructor(private readonly clock: Clock, private readonly enqueueMail: (mail: () => void) => void) {}

  currentTimeMs(): number {
    return this.clock.nowMs()
  }

  registerTimer(timestampMs: number, callback: (timestampMs: number) => void): Cancellable {
    const delayMs = Math.max(0, timestampMs - this.clock.nowMs())
    const handle = setTimeout(() => {
      this.#pending.delete(handle)
      this.enqueueMail(() => callback(timestampMs))
    }, delayMs)
    this.#pending.add(handle)
    return { cancel: () => { clearTimeout(handle); this.#pending.delete(handle) } }
  }

  /** Drops every pending timer (the subtask ended). */
  shutdown(): void {
    for (const handle of this.#pending) clearTimeout(handle)
    this.#pending.clear()
  }
}
