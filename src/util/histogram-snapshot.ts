/**
 * Statistics of a histogram's recent values as plain numbers (Flink's HistogramStatistics): what a user's histogram
 * reports and what a worker's metrics report carries. In util because the user API and the metric system both use it.
 */
export interface HistogramSnapshot {
  /** Every value ever recorded, not only those in the window. */
  readonly count: number
  readonly min: number
  readonly max: number
  readonly mean: number
  readonly stddev: number
  readonly p50: number
  readonly p75: number
  readonly p90: number
  readonly p95: number
  readonly p98: number
  readonly p99: number
  readonly p999: number
}
