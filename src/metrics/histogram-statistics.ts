import type { HistogramSnapshot } from '../util/histogram-snapshot.js'

/** What a histogram reports: Flink's HistogramStatistics (size, min, max, mean, stddev, quantiles). */
export interface HistogramStatistics {
  readonly size: number
  readonly min: number
  readonly max: number
  readonly mean: number
  /** Sample standard deviation (n − 1), as Apache Commons Math computes it for Flink. */
  readonly stddev: number
  /** The value at quantile q (0 < q ≤ 1). */
  quantile(q: number): number
}

/** The quantiles Flink's reporters publish (Prometheus summary, InfluxDB and Graphite fields). */
export const REPORTED_QUANTILES = [0.5, 0.75, 0.95, 0.98, 0.99, 0.999] as const

/**
 * Statistics of a set of values, computed the way Flink's DescriptiveStatisticsHistogram does (Commons Math
 * DescriptiveStatistics with the default "legacy" percentile estimation: position p·(n+1), linear interpolation).
 */
export function statisticsOf(values: readonly number[]): HistogramStatistics {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return Object.freeze({ size: 0, min: 0, max: 0, mean: 0, stddev: 0, quantile: () => 0 })
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n
  const variance = n > 1 ? sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0
  return Object.freeze({
    size: n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    stddev: Math.sqrt(variance),
    quantile: (q: number) => legacyPercentile(sorted, q),
  })
}

function legacyPercentile(sorted: readonly number[], q: number): number {
  const n = sorted.length
  if (n === 1) return sorted[0]!
  const position = q * (n + 1)
  if (position < 1) return sorted[0]!
  if (position >= n) return sorted[n - 1]!
  const lower = sorted[Math.floor(position) - 1]!
  const upper = sorted[Math.floor(position)]!
  return lower + (position - Math.floor(position)) * (upper - lower)
}

/** A histogram over the last `windowSize` values (Flink's DescriptiveStatisticsHistogram). */
export class DescriptiveStatisticsHistogram {
  readonly type = 'histogram' as const
  readonly #window: number[]
  readonly #windowSize: number
  #next = 0
  #count = 0

  constructor(windowSize: number) {
    this.#windowSize = windowSize
    this.#window = []
  }

  update(value: number): void {
    if (this.#window.length < this.#windowSize) this.#window.push(value)
    else this.#window[this.#next] = value
    this.#next = (this.#next + 1) % this.#windowSize
    this.#count++
  }

  /** Every value ever recorded, not only those in the window (Flink's getCount). */
  getCount(): number {
    return this.#count
  }

  getStatistics(): HistogramStatistics {
    return statisticsOf(this.#window)
  }
}

/**
 * A histogram's count and statistics as plain numbers (the user API's HistogramStatistics), to travel from a worker
 * in a metrics report: the quantiles the reporters publish, each under its own field.
 */
export function snapshotOf(count: number, statistics: HistogramStatistics): HistogramSnapshot {
  return {
    count, min: statistics.min, max: statistics.max, mean: statistics.mean, stddev: statistics.stddev,
    p50: statistics.quantile(0.5), p75: statistics.quantile(0.75), p90: statistics.quantile(0.9), p95: statistics.quantile(0.95),
    p98: statistics.quantile(0.98), p99: statistics.quantile(0.99), p999: statistics.quantile(0.999),
  }
}

const SNAPSHOT_QUANTILES: ReadonlyMap<number, keyof HistogramSnapshot> = new Map([
  [0.5, 'p50'], [0.75, 'p75'], [0.9, 'p90'], [0.95, 'p95'], [0.98, 'p98'], [0.99, 'p99'], [0.999, 'p999'],
])

/** Statistics over a worker's snapshot; the reported quantiles are exact, others the nearest reported one below. */
export function statisticsOfSnapshot(snapshot: HistogramSnapshot, windowSize: number): HistogramStatistics {
  return Object.freeze({
    size: Math.min(snapshot.count, windowSize),
    min: snapshot.min,
    max: snapshot.max,
    mean: snapshot.mean,
    stddev: snapshot.stddev,
    quantile: (q: number) => {
      const exact = SNAPSHOT_QUANTILES.get(q)
      if (exact !== undefined) return snapshot[exact]
      let best: keyof HistogramSnapshot = 'min'
      for (const [reported, field] of SNAPSHOT_QUANTILES) if (reported <= q) best = field
      return snapshot[best]
    },
  })
}
