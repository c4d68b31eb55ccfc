import type { HistogramSnapshot } from '../util/histogram-snapshot.js'

// What workers report of the metrics that exist only once a function registers them or a latency marker arrives;
// the metric system publishes them, the protocol carries them.

/** A user metric of an operator subtask at a metrics report. */
export interface UserMetricSample {
  readonly operatorId: string
  readonly subtaskIndex: number
  /** The groups added with addGroup, outermost first. */
  readonly groups: readonly string[]
  readonly name: string
  readonly kind: 'counter' | 'gauge' | 'meter' | 'histogram'
  /** Counter: its count; gauge: its value; meter: events per second; histogram: values recorded. */
  readonly value: number
  /** Meter only: events ever marked. */
  readonly count?: number
  /** Histogram only. */
  readonly statistics?: HistogramSnapshot
}

/** One latency histogram of an operator subtask: markers from a source (as the granularity tells them apart) to it. */
export interface LatencyHistogramSample {
  /** The source operator's id; undefined with granularity `single`. */
  readonly sourceOperatorId: string | undefined
  /** Only with granularity `subtask`. */
  readonly sourceSubtaskIndex: number | undefined
  readonly operatorId: string
  readonly operatorSubtaskIndex: number
  /** In milliseconds. */
  readonly statistics: HistogramSnapshot
}
