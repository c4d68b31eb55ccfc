import type { Cancellable, ProcessingTimeService } from '../../src/state/internal-timer-service.js'

interface PendingCallback {
  readonly timestampMs: number
  readonly sequence: number
  readonly callback: (timestampMs: number) => void
  isCancelled: boolean
}

/**
 * A ProcessingTimeService whose wall clock moves only when a test says so. Callbacks run inside
 * advanceTo/advance, in timestamp order (ties in registration order), never inside registerTimer,
 * as mails of a real mailbox would.
 */
export class ManualProcessingTimeService implements ProcessingTimeService {
  #nowMs: number
  #sequence = 0
  #pending: PendingCallback[] = []

  constructor(startMs = 0) {
    this.#nowMs = startMs
  }

  currentTimeMs(): number {
    return this.#nowMs
  }

  registerTimer(timestampMs: number, callback: (timestampMs: number) => void): Cancellable {
    const pending: PendingCallback = { timestampMs, sequence: this.#sequence++, callback, isCancelled: false }
    this.#pending.push(pending)
    return { cancel: () => { pending.isCancelled = true } }
  }

  /** Timestamps of callbacks neither run nor cancelled, ascending. */
  pendingTimestamps(): number[] {
    return this.#live().map((p) => p.timestampMs)
  }

  advance(ms: number): void {
    this.advanceTo(this.#nowMs + ms)
  }

  /** Moves the clock to nowMs, running every due callback, including ones registered by callbacks. */
  advanceTo(nowMs: number): void {
    this.#nowMs = Math.max(this.#nowMs, nowMs)
    for (;;) {
      const due = this.#live().find((p) => p.timestampMs <= this.#nowMs)
      if (due === undefined) return
      due.isCancelled = true
      due.callback(due.timestampMs)
    }
  }

  #live(): PendingCallback[] {
    this.#pending = this.#pending.filter((p) => !p.isCancelled)
    return [...this.#pending].sort((a, b) => a.timestampMs - b.timestampMs || a.sequence - b.sequence)
  }
}
