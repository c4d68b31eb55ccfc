import type { OnTimerContext, TimerService } from '../api/functions.js'
import type { Key } from '../state/key.js'
import { VOID_NAMESPACE } from '../state/key.js'
import type { KeyContext } from '../state/keyed-state-backend.js'
import type { InternalTimerService } from '../state/internal-timer-service.js'

/**
 * The context object handed to keyed process functions, reused for every element and timer
 * so that processing allocates nothing per record.
 */
export class KeyedProcessContext implements OnTimerContext<Key>, TimerService {
  timestampMs = Number.NaN
  domain: 'EVENT_TIME' | 'PROCESSING_TIME' = 'EVENT_TIME'

  constructor(private readonly keyContext: KeyContext, private readonly timers: InternalTimerService) {}

  timestamp(): number | undefined {
    return Number.isNaN(this.timestampMs) ? undefined : this.timestampMs
  }
  currentWatermark(): number {
    return this.timers.currentWatermark()
  }
  getCurrentKey(): Key {
    return this.keyContext.getCurrentKey()
  }
  timerService(): TimerService {
    return this
  }
  timeDomain(): 'EVENT_TIME' | 'PROCESSING_TIME' {
    return this.domain
  }
  currentProcessingTime(): number {
    return this.timers.currentProcessingTime()
  }
  registerEventTimeTimer(timestampMs: number): void {
    this.timers.registerEventTimeTimer(VOID_NAMESPACE, timestampMs)
  }
  registerProcessingTimeTimer(timestampMs: number): void {
    this.timers.registerProcessingTimeTimer(VOID_NAMESPACE, timestampMs)
  }
  deleteEventTimeTimer(timestampMs: number): void {
    this.timers.deleteEventTimeTimer(VOID_NAMESPACE, timestampMs)
  }
  deleteProcessingTimeTimer(timestampMs: number): void {
    this.timers.deleteProcessingTimeTimer(VOID_NAMESPACE, timestampMs)
  }
}
