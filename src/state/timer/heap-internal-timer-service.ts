import { InvalidTimerTimestampError } from '../../errors.js'
import type { Namespace } from '../key.js'
import type { KeyContext } from '../keyed-state-backend.js'
import type {
  Cancellable, InternalTimer, InternalTimerService, ProcessingTimeService, Triggerable,
} from '../internal-timer-service.js'
import type { InternalTimersSnapshot } from '../snapshot/internal-timers-snapshot.js'
import { TimerQueue } from './timer-queue.js'

/**
 * Event- and processing-time timers of one keyed operator, kept in heap queues (Flink's
 * InternalTimerServiceImpl). Timers are scoped to the key current in `keyContext` when they are
 * registered, and that key is made current again before the timer fires.
 */
export class HeapInternalTimerService implements InternalTimerService {
  readonly #keyContext: KeyContext
  readonly #processingTimeService: ProcessingTimeService
  readonly #triggerable: Triggerable
  readonly #eventTimeTimers = new TimerQueue()
  readonly #processingTimeTimers = new TimerQueue()
  #watermarkMs = -Infinity
  // at most one ProcessingTimeService callback is pending: the one for the earliest processing timer
  #scheduled: Cancellable | undefined = undefined
  #scheduledTimestampMs = Infinity
  #isFiringProcessingTime = false

  constructor(
    readonly name: string,
    keyContext: KeyContext,
    processingTimeService: ProcessingTimeService,
    triggerable: Triggerable,
  ) {
    this.#keyContext = keyContext
    this.#processingTimeService = processingTimeService
    this.#triggerable = triggerable
  }

  /** The Triggerable this service calls; the manager checks it when a name is asked for again. */
  get triggerable(): Triggerable {
    return this.#triggerable
  }

  currentProcessingTime(): number {
    return this.#processingTimeService.currentTimeMs()
  }

  currentWatermark(): number {
    return this.#watermarkMs
  }

  registerEventTimeTimer(namespace: Namespace, timestampMs: number): void {
    this.#checkTimestamp(timestampMs)
    this.#eventTimeTimers.add(this.#keyContext.getCurrentKey(), namespace, timestampMs)
  }

  deleteEventTimeTimer(namespace: Namespace, timestampMs: number): void {
    this.#eventTimeTimers.remove(this.#keyContext.getCurrentKey(), namespace, timestampMs)
  }

  registerProcessingTimeTimer(namespace: Namespace, timestampMs: number): void {
    this.#checkTimestamp(timestampMs)
    const isAdded = this.#processingTimeTimers.add(this.#keyContext.getCurrentKey(), namespace, timestampMs)
    if (isAdded && !this.#isFiringProcessingTime && timestampMs < this.#scheduledTimestampMs) this.#schedule(timestampMs)
  }

  deleteProcessingTimeTimer(namespace: Namespace, timestampMs: number): void {
    // the pending callback stays: when it comes, it fires nothing early and schedules the next timer (as Flink)
    this.#processingTimeTimers.remove(this.#keyContext.getCurrentKey(), namespace, timestampMs)
  }

  /**
   * Sets the watermark, then fires every event-time timer at or before it in timestamp order;
   * timers registered meanwhile at or before it fire in the same call (Flink semantics).
   */
  advanceWatermark(watermarkMs: number): void {
    this.setCurrentWatermark(watermarkMs)
    while (this.fireNextEventTimer(watermarkMs)) { /* until none is due */ }
  }

  /** Sets the watermark without firing; the manager does this for all services before it fires any. */
  setCurrentWatermark(watermarkMs: number): void {
    this.#watermarkMs = watermarkMs
  }

  /** The timestamp of the earliest event-time timer; undefined when there is none. */
  nextEventTimeMs(): number | undefined {
    return this.#eventTimeTimers.peekTimestampMs()
  }

  /** Fires the earliest event-time timer if it is at or before maxTimestampMs; false when none is due. */
  fireNextEventTimer(maxTimestampMs: number): boolean {
    const timer = this.#eventTimeTimers.poll(maxTimestampMs)
    if (timer === undefined) return false
    this.#keyContext.setCurrentKey(timer.key)
    this.#triggerable.onEventTime(timer)
    return true
  }

  numEventTimeTimers(): number {
    return this.#eventTimeTimers.size()
  }

  numProcessingTimeTimers(): number {
    return this.#processingTimeTimers.size()
  }

  /** Every pending event-time timer in firing order, for snapshots. */
  eventTimeTimers(): IterableIterator<InternalTimer> {
    return this.#eventTimeTimers.timers()
  }

  /** Every pending processing-time timer in firing order, for snapshots. */
  processingTimeTimers(): IterableIterator<InternalTimer> {
    return this.#processingTimeTimers.timers()
  }

  /** Copies of every pending timer, each domain in firing order (the synchronous part of a checkpoint). */
  snapshotTimers(): InternalTimersSnapshot {
    return {
      serviceName: this.name,
      eventTimeTimers: this.#eventTimeTimers.timersInOrder(),
      processingTimeTimers: this.#processingTimeTimers.timersInOrder(),
    }
  }

  /**
   * Queues restored timers for their own keys, bypassing the current key; given in firing order, ties
   * of a timestamp keep that order. Event-time timers wait for the next watermark; the earliest
   * processing-time timer is armed with the ProcessingTimeService (one already due fires at once).
   */
  restoreTimers(eventTimeTimers: Iterable<InternalTimer>, processingTimeTimers: Iterable<InternalTimer>): void {
    for (const { key, namespace, timestampMs } of eventTimeTimers) {
      this.#checkTimestamp(timestampMs)
      this.#eventTimeTimers.add(key, namespace, timestampMs)
    }
    for (const { key, namespace, timestampMs } of processingTimeTimers) {
      this.#checkTimestamp(timestampMs)
      this.#processingTimeTimers.add(key, namespace, timestampMs)
    }
    const next = this.#processingTimeTimers.peekTimestampMs()
    if (next !== undefined && !this.#isFiringProcessingTime && next < this.#scheduledTimestampMs) this.#schedule(next)
  }

  /** Cancels the pending ProcessingTimeService callback (operator close); queued timers stay for snapshots. */
  dispose(): void {
    this.#scheduled?.cancel()
    this.#scheduled = undefined
    this.#scheduledTimestampMs = Infinity
  }

  #onProcessingTime(scheduled: Cancellable | undefined, timeMs: number): void {
    // a callback cancelled too late must not fire twice or drop the real pending one
    if (scheduled !== this.#scheduled) return
    this.#scheduled = undefined
    this.#scheduledTimestampMs = Infinity
    this.#isFiringProcessingTime = true
    try {
      let timer: InternalTimer | undefined
      while ((timer = this.#processingTimeTimers.poll(timeMs)) !== undefined) {
        this.#keyContext.setCurrentKey(timer.key)
        this.#triggerable.onProcessingTime(timer)
      }
    } finally {
      this.#isFiringProcessingTime = false
      const next = this.#processingTimeTimers.peekTimestampMs()
      if (next !== undefined) this.#schedule(next)
    }
  }

  #schedule(timestampMs: number): void {
    this.#scheduled?.cancel()
    this.#scheduledTimestampMs = timestampMs
    const cancellable: Cancellable = this.#processingTimeService.registerTimer(timestampMs, (timeMs) => this.#onProcessingTime(cancellable, timeMs))
    this.#scheduled = cancellable
  }

  #checkTimestamp(timestampMs: number): void {
    // NaN would corrupt the heap order; it is the timestamp of a record that has none
    if (Number.isNaN(timestampMs)) throw new InvalidTimerTimestampError(this.name, timestampMs)
  }
}

