/**
 * Min, max and average over every value seen, and percentiles over the latest values (Flink's StatsSummary backed
 * by a DescriptiveStatisticsHistogram). Every field is NaN while no value was seen; the REST edge maps that.
 */
export interface StatsSummarySnapshot {
  readonly count: number
  readonly min: number
  readonly max: number
  readonly avg: number
  readonly p50: number
  readonly p90: number
  readonly p95: number
  readonly p99: number
  readonly p999: number
}

/** How many of the latest values the percentiles are computed over, unless a tracker says otherwise. */
export const DEFAULT_STATS_WINDOW_SIZE = 1000

/** Accumulates values into a StatsSummarySnapshot; min/max/avg are all-time, percentiles over a bounded window. */
export class StatsSummary {
  readonly #windowSize: number
  // ring buffer of the latest #windowSize values; #next is where the next value goes
  readonly #window: number[] = []
  #next = 0
  #count = 0
  #sum = 0
  #min = Number.POSITIVE_INFINITY
  #max = Number.NEGATIVE_INFINITY

  constructor(windowSize = DEFAULT_STATS_WINDOW_SIZE) {
    this.#windowSize = windowSize
  }

  add(value: number): void {
    this.#count++
    this.#sum += value
    this.#min = Math.min(this.#min, value)
    this.#max = Math.max(this.#max, value)
    if (this.#window.length < this.#windowSize) this.#window.push(value)
    else this.#window[this.#next] = value
    this.#next = (this.#next + 1) % this.#windowSize
  }

  /** A frozen summary of the values so far. */
  snapshot(): StatsSummarySnapshot {
    if (this.#count === 0) return EMPTY_SUMMARY
    const sorted = [...this.#window].sort((a, b) => a - b)
    return Object.freeze({
      count: this.#count,
      min: this.#min,
      max: this.#max,
      avg: this.#sum / this.#count,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
    })
  }
}

/** The summary of a fixed set of values (e.g. one vertex's subtasks); NaN fields when there are none. */
export function summarize(values: readonly number[]): StatsSummarySnapshot {
  const summary = new StatsSummary(Math.max(values.length, 1))
  for (const value of values) summary.add(value)
  return summary.snapshot()
}

const EMPTY_SUMMARY: StatsSummarySnapshot = Object.freeze({
  count: 0, min: NaN, max: NaN, avg: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, p999: NaN,
})

// Apache Commons Math's Percentile with its default (LEGACY) estimation, which Flink's histogram statistics use:
// position p(n+1)/100, the minimum below 1, the maximum from n on, linear interpolation in between.
function percentile(sorted: readonly number[], p: number): number {
  const n = sorted.length
  const position = p * (n + 1) / 100
  if (position < 1) return sorted[0]!
  if (position >= n) return sorted[n - 1]!
  const lowerIndex = Math.floor(position)
  const lower = sorted[lowerIndex - 1]!
  const upper = sorted[lowerIndex]!
  return lower + (position - lowerIndex) * (upper - lower)
}
