import type { Histogram, HistogramStatistics } from '../../api/metrics.js'

/**
 * A histogram over the last `size` values (Flink's DescriptiveStatisticsHistogram): recording is
 * a store into a ring; the statistics are computed only when asked for.
 */
export class SlidingWindowHistogram implements Histogram {
  readonly #values: Float64Array
  #count = 0

  constructor(size: number) {
    this.#values = new Float64Array(size)
  }

  update(value: number): void {
    this.#values[this.#count % this.#values.length] = value
    this.#count++
  }

  getCount(): number {
    return this.#count
  }

  getStatistics(): HistogramStatistics {
    const window = this.#values.slice(0, Math.min(this.#count, this.#values.length)).sort()
    const n = window.length
    if (n === 0) return { count: 0, min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p75: 0, p95: 0, p98: 0, p99: 0, p999: 0 }
    let sum = 0
    for (const value of window) sum += value
    const mean = sum / n
    let squares = 0
    for (const value of window) squares += (value - mean) ** 2
    return {
      count: this.#count,
      min: window[0]!,
      max: window[n - 1]!,
      mean,
      // the sample standard deviation, as Commons Math's DescriptiveStatistics computes it
      stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
      p50: quantile(window, 0.5),
      p75: quantile(window, 0.75),
      p95: quantile(window, 0.95),
      p98: quantile(window, 0.98),
      p99: quantile(window, 0.99),
      p999: quantile(window, 0.999),
    }
  }
}

/** Commons Math's default Percentile estimate (R6): position q·(n+1), interpolated between neighbours. */
function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length
  const position = q * (n + 1)
  if (position < 1) return sorted[0]!
  if (position >= n) return sorted[n - 1]!
  const lower = Math.floor(position)
  return sorted[lower - 1]! + (position - lower) * (sorted[lower]! - sorted[lower - 1]!)
}
