/**
 * The metrics of one subtask as the coordinator publishes them: Flink's task-scope names and
 * meanings. Rates are per second over the last `METER_SPAN_MS` (or since the start, if shorter).
 */
export interface SubtaskMetrics {
  readonly vertexId: string
  readonly subtaskIndex: number
  readonly numRecordsIn: number
  readonly numRecordsOut: number
  readonly numBytesIn: number
  readonly numBytesOut: number
  readonly numRecordsInPerSecond: number
  readonly numRecordsOutPerSecond: number
  readonly numBytesInPerSecond: number
  readonly numBytesOutPerSecond: number
  readonly busyTimeMsPerSecond: number
  readonly idleTimeMsPerSecond: number
  readonly backPressuredTimeMsPerSecond: number
  readonly accumulateBusyTimeMs: number
  readonly accumulateIdleTimeMs: number
  readonly accumulateBackPressuredTimeMs: number
  /** Epoch ms; -Infinity before the first watermark, +Infinity after the end of input. */
  readonly currentInputWatermark: number
  readonly currentOutputWatermark: number
  readonly inPoolUsage: number
  readonly outPoolUsage: number
}

/** Flink's MeterView / TimerGauge span. */
export const METER_SPAN_MS = 60_000
