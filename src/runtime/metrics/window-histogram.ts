import type { Histogram, HistogramStatistics } from '../../api/metrics.js'
import { DescriptiveStatisticsHistogram, snapshotOf } from '../../metrics/histogram-statistics.js'

/** A histogram over the last `size` values whose statistics come as plain numbers, ready for a metrics report. */
export class WindowHistogram implements Histogram {
  readonly #histogram: DescriptiveStatisticsHistogram

  constructor(size: number) {
    this.#histogram = new DescriptiveStatisticsHistogram(size)
  }

  update(value: number): void {
    this.#histogram.update(value)
  }

  getCount(): number {
    return this.#histogram.getCount()
  }

  getStatistics(): HistogramStatistics {
    return snapshotOf(this.#histogram.getCount(), this.#histogram.getStatistics())
  }
}
