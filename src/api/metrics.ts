import type { HistogramSnapshot } from '../util/histogram-snapshot.js'

/**
 * User metrics (Flink's metric API): a function registers them on its runtime context's metric
 * group in open(), updates them while processing, and Sluice reports them under the operator's
 * scope with the system metrics.
 */
export interface MetricGroup {
  /** A counter named `name` in this group; asking again for the same name returns the same counter. */
  counter(name: string): Counter
  /** A gauge: `read` is called whenever metrics are reported, and must return a number. */
  gauge(name: string, read: () => number): void
  /** A meter: events per second over the last minute (Flink's MeterView). */
  meter(name: string): Meter
  /** A histogram over the last `historySize` values (default 128; Flink's DescriptiveStatisticsHistogram). */
  histogram(name: string, historySize?: number): Histogram
  /** A subgroup: its metrics are named `<this group>.<name>.<metric>`. */
  addGroup(name: string): MetricGroup
}

export interface Counter {
  inc(n?: number): void
  dec(n?: number): void
  getCount(): number
}

export interface Meter {
  markEvent(n?: number): void
  /** Events per second over the last minute, as of the latest metrics report. */
  getRate(): number
  getCount(): number
}

export interface Histogram {
  update(value: number): void
  getCount(): number
  getStatistics(): HistogramStatistics
}

/** Statistics of a histogram's recent values, as Flink's HistogramStatistics reports them. */
export type HistogramStatistics = HistogramSnapshot
