import type { HistogramStatistics } from './histogram-statistics.js'

/** Flink's four metric types, as the filter syntax and the reporters name them. */
export const METRIC_TYPES = ['counter', 'gauge', 'meter', 'histogram'] as const
/** One of Flink's metric types. */
export type MetricType = typeof METRIC_TYPES[number]

/** A count that only a metric's owner changes (Flink's Counter); reporters read it. */
export interface Counter {
  readonly type: 'counter'
  getCount(): number
}

/** A value read when reported (Flink's Gauge); undefined means "no value yet" and the metric is skipped. */
export interface Gauge<T = unknown> {
  readonly type: 'gauge'
  getValue(): T | undefined
}

/** A rate of events per second with its total (Flink's Meter). */
export interface Meter {
  readonly type: 'meter'
  getRate(): number
  getCount(): number
}

/** A distribution of values (Flink's Histogram): count plus statistics over a window. */
export interface Histogram {
  readonly type: 'histogram'
  getCount(): number
  getStatistics(): HistogramStatistics
}

/** Any metric. */
export type Metric = Counter | Gauge | Meter | Histogram

/** A Counter that reads its count from the owner's data, e.g. a subtask snapshot. */
export function counterView(read: () => number | undefined): Counter & { readonly isAvailable: () => boolean } {
  return { type: 'counter', getCount: () => read() ?? 0, isAvailable: () => read() !== undefined }
}

/** A Gauge over a function. */
export function gauge<T>(read: () => T | undefined): Gauge<T> {
  return { type: 'gauge', getValue: read }
}

/** A Meter over two functions: the current rate and the total count. */
export function meterView(rate: () => number | undefined, count: () => number | undefined): Meter & { readonly isAvailable: () => boolean } {
  return { type: 'meter', getRate: () => rate() ?? 0, getCount: () => count() ?? 0, isAvailable: () => rate() !== undefined }
}

/** Whether a metric has something to report now (a view over data not yet sampled has not). */
export function isMetricAvailable(metric: Metric): boolean {
  if (metric.type === 'gauge') return metric.getValue() !== undefined
  const available = (metric as { isAvailable?: () => boolean }).isAvailable
  return available === undefined || available()
}
