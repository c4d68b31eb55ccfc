import { TimerServiceConflictError } from '../../errors.js'
import type { KeyContext } from '../keyed-state-backend.js'
import type { InternalTimeServiceManager, ProcessingTimeService, Triggerable } from '../internal-timer-service.js'
import { HeapInternalTimerService } from './heap-internal-timer-service.js'

/** Creates and advances the heap timer services of one keyed operator (Flink's InternalTimeServiceManagerImpl). */
export class HeapInternalTimeServiceManager implements InternalTimeServiceManager {
  readonly #keyContext: KeyContext
  readonly #processingTimeService: ProcessingTimeService
  readonly #services = new Map<string, HeapInternalTimerService>()
  #serviceList: HeapInternalTimerService[] = []

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

  /** Cancels every pending processing-time callback (operator close). */
  dispose(): void {
    for (const service of this.#serviceList) service.dispose()
  }
}
