import { TimerServiceConflictError } from '../../errors.js'
import type { KeyContext } from '../keyed-state-backend.js'
import type { InternalTimer, InternalTimeServiceManager, ProcessingTimeService, Triggerable } from '../internal-timer-service.js'
import type { InternalTimersSnapshot } from '../snapshot/internal-timers-snapshot.js'
import { HeapInternalTimerService } from './heap-internal-timer-service.js'

/** Creates and advances the heap timer services of one keyed operator (Flink's InternalTimeServiceManagerImpl). */
export class HeapInternalTimeServiceManager implements InternalTimeServiceManager {
  readonly #keyContext: KeyContext
  readonly #processingTimeService: ProcessingTimeService
  readonly #services = new Map<string, HeapInternalTimerService>()
  #serviceList: HeapInternalTimerService[] = []
  /** Restored timers of services the operator has not asked for yet (Flink keeps them the same way). */
  readonly #restoredTimers = new Map<string, { eventTimeTimers: InternalTimer[]; processingTimeTimers: InternalTimer[] }>()

  constructor(keyContext: KeyContext, processingTimeService: ProcessingTimeService) {
    this.#keyContext = keyContext
    this.#processingTimeService = processingTimeService
  }

  getInternalTimerService(name: string, triggerable: Triggerable): HeapInternalTimerService {
    const existing = this.#services.get(name)
    if (existing !== undefined) {
      if (existing.triggerable !== triggerable) throw new TimerServiceConflictError(name)
      return existing
    }
    const service = new HeapInternalTimerService(name, this.#keyContext, this.#processingTimeService, triggerable)
    this.#services.set(name, service)
    this.#serviceList = [...this.#services.values()]
    const restored = this.#restoredTimers.get(name)
    if (restored !== undefined) {
      this.#restoredTimers.delete(name)
      service.restoreTimers(restored.eventTimeTimers, restored.processingTimeTimers)
    }
    return service
  }

  advanceWatermark(watermarkMs: number): void {
    const services = this.#serviceList
    if (services.length === 1) {
      services[0]!.advanceWatermark(watermarkMs)
      return
    }
    // Flink advances services one after another; interleaving keeps timestamp order across services too
    for (const service of services) service.setCurrentWatermark(watermarkMs)
    for (;;) {
      // ties across services go to the service created first
      let earliest: HeapInternalTimerService | undefined
      let earliestMs = watermarkMs
      // re-read: a timer callback may have created a service
      for (const service of this.#serviceList) {
        const nextMs = service.nextEventTimeMs()
        if (nextMs !== undefined && nextMs <= earliestMs && (earliest === undefined || nextMs < earliestMs)) {
          earliest = service
          earliestMs = nextMs
        }
      }
      if (earliest === undefined) return
      earliest.fireNextEventTimer(watermarkMs)
    }
  }

  /** The services by name, for snapshots and metrics. */
  timerServices(): ReadonlyMap<string, HeapInternalTimerService> {
    return this.#services
  }

  /**
   * Copies of every pending timer, per service and time domain in firing order, for the synchronous part
   * of a checkpoint; includes restored timers of services not asked for yet.
   */
  snapshotTimers(): InternalTimersSnapshot[] {
    const snapshots = this.#serviceList.map((service) => service.snapshotTimers())
    for (const [serviceName, restored] of this.#restoredTimers) {
      snapshots.push({ serviceName, eventTimeTimers: [...restored.eventTimeTimers], processingTimeTimers: [...restored.processingTimeTimers] })
    }
    return snapshots
  }

  /**
   * Re-registers timers from snapshots (several when rescaling merges subtasks). A service that does
   * not exist yet gets its timers when the operator first asks for it, since only then is its
   * Triggerable known; processing-time timers are armed at that point.
   */
  restoreTimers(snapshots: Iterable<InternalTimersSnapshot>): void {
    for (const snapshot of snapshots) {
      const service = this.#services.get(snapshot.serviceName)
      if (service !== undefined) {
        service.restoreTimers(snapshot.eventTimeTimers, snapshot.processingTimeTimers)
        continue
      }
      let restored = this.#restoredTimers.get(snapshot.serviceName)
      if (restored === undefined) {
        restored = { eventTimeTimers: [], processingTimeTimers: [] }
        this.#restoredTimers.set(snapshot.serviceName, restored)
      }
      // a loop, not push(...timers): spreading 100k+ arguments overflows the stack
      for (const timer of snapshot.eventTimeTimers) restored.eventTimeTimers.push(timer)
      for (const timer of snapshot.processingTimeTimers) restored.processingTimeTimers.push(timer)
    }
  }

  /** Cancels every pending processing-time callback (operator close). */
  dispose(): void {
    for (const service of this.#serviceList) service.dispose()
  }
}
