import type { InternalTimer } from '../internal-timer-service.js'

/**
 * The pending timers of one timer service at a checkpoint (Flink's InternalTimersSnapshot): plain
 * copies, each time domain in firing order (timestamp, then registration order within a timestamp).
 */
export interface InternalTimersSnapshot {
  readonly serviceName: string
  readonly eventTimeTimers: readonly InternalTimer[]
  readonly processingTimeTimers: readonly InternalTimer[]
}
