import type { JobGraph } from '../../graph/job-graph.js'
import type { LatencyHistogramSample, LatencyTrackingSettings } from '../../protocol/messages.js'
import { WindowHistogram } from './window-histogram.js'

/** A latency marker (Flink's LatencyMarker): when a source subtask emitted it, and which one. */
export interface LatencyMarker {
  readonly markedTimeMs: number
  /** Index of the source's vertex in the job graph. */
  readonly sourceVertexIndex: number
  readonly sourceSubtaskIndex: number
}

interface TrackedHistogram {
  readonly sourceOperatorId: string | undefined
  readonly sourceSubtaskIndex: number | undefined
  readonly operatorId: string
  readonly histogram: WindowHistogram
}

/**
 * The latency histograms of one subtask's operators (Flink's LatencyStats): one per operator and
 * marker origin, told apart as `metrics.latency.granularity` says.
 */
export class LatencyStats {
  readonly #histograms = new Map<string, TrackedHistogram>()

  constructor(
    private readonly settings: LatencyTrackingSettings,
    private readonly jobGraph: JobGraph,
    private readonly operatorIds: readonly string[],
    private readonly subtaskIndex: number,
  ) {}

  /** The marker reached the operator at `operatorIndex` of the chain at `nowMs`. */
  report(marker: LatencyMarker, operatorIndex: number, nowMs: number): void {
    const granularity = this.settings.granularity
    const key = granularity === 'single' ? `${operatorIndex}`
      : granularity === 'operator' ? `${operatorIndex}/${marker.sourceVertexIndex}`
        : `${operatorIndex}/${marker.sourceVertexIndex}/${marker.sourceSubtaskIndex}`
    let tracked = this.#histograms.get(key)
    if (tracked === undefined) {
      tracked = {
        sourceOperatorId: granularity === 'single' ? undefined : this.jobGraph.vertices[marker.sourceVertexIndex]?.operators[0]?.operatorId ?? 'unknown',
        sourceSubtaskIndex: granularity === 'subtask' ? marker.sourceSubtaskIndex : undefined,
        operatorId: this.operatorIds[operatorIndex]!,
        histogram: new WindowHistogram(this.settings.historySize),
      }
      this.#histograms.set(key, tracked)
    }
    tracked.histogram.update(Math.max(0, nowMs - marker.markedTimeMs))
  }

  sample(): LatencyHistogramSample[] {
    return [...this.#histograms.values()].map((tracked) => ({
      sourceOperatorId: tracked.sourceOperatorId,
      sourceSubtaskIndex: tracked.sourceSubtaskIndex,
      operatorId: tracked.operatorId,
      operatorSubtaskIndex: this.subtaskIndex,
      statistics: tracked.histogram.getStatistics(),
    }))
  }
}
