import type { MonitoredSubtaskMetrics } from '../../metrics/monitored-job.js'

/**
 * The metrics of one subtask as the coordinator publishes them: Flink's task-scope names and
 * meanings. Rates are per second over the last `METER_SPAN_MS` (or since the start, if shorter).
 */
export type SubtaskMetrics = MonitoredSubtaskMetrics

/** Flink's MeterView / TimerGauge span. */
export const METER_SPAN_MS = 60_000
