import type { SubtaskMetricSample } from '../../protocol/messages.js'
import { METER_SPAN_MS, type SubtaskMetrics } from './subtask-metrics.js'

/**
 * Keeps the recent raw samples of every subtask and derives Flink's per-second rates from them,
 * like Flink's MeterView: the difference over the last minute, divided by its duration.
 */
export class SubtaskMetricsStore {
  readonly #history = new Map<string, SubtaskMetricSample[]>()
  #snapshot: readonly SubtaskMetrics[] | undefined

  record(sample: SubtaskMetricSample): void {
    const key = `${sample.subtask.vertexId}/${sample.subtask.subtaskIndex}`
    let history = this.#history.get(key)
    if (history === undefined) {
      history = []
      this.#history.set(key, history)
    }
    history.push(sample)
    while (history.length > 2 && sample.sampledAtMs - history[1]!.sampledAtMs >= METER_SPAN_MS) history.shift()
    this.#snapshot = undefined
  }

  /** An immutable snapshot of every subtask's metrics, rebuilt only after new samples. */
  snapshot(): readonly SubtaskMetrics[] {
    if (this.#snapshot === undefined) this.#snapshot = Object.freeze([...this.#history.values()].map(derive))
    return this.#snapshot
  }
}

function derive(history: readonly SubtaskMetricSample[]): SubtaskMetrics {
  const latest = history[history.length - 1]!
  const oldest = history[0]!
  const spanMs = latest.sampledAtMs - oldest.sampledAtMs
  const perSecond = (pick: (s: SubtaskMetricSample) => number): number => (spanMs > 0 ? ((pick(latest) - pick(oldest)) * 1000) / spanMs : 0)
  const idle = Math.min(1000, perSecond((s) => s.accumulatedIdleTimeMs))
  const backPressured = Math.min(1000, perSecond((s) => s.accumulatedBackPressuredTimeMs))
  return Object.freeze({
    vertexId: latest.subtask.vertexId,
    subtaskIndex: latest.subtask.subtaskIndex,
    numRecordsIn: latest.numRecordsIn,
    numRecordsOut: latest.numRecordsOut,
    numBytesIn: latest.numBytesIn,
    numBytesOut: latest.numBytesOut,
    numRecordsInPerSecond: perSecond((s) => s.numRecordsIn),
    numRecordsOutPerSecond: perSecond((s) => s.numRecordsOut),
    numBytesInPerSecond: perSecond((s) => s.numBytesIn),
    numBytesOutPerSecond: perSecond((s) => s.numBytesOut),
    idleTimeMsPerSecond: idle,
    backPressuredTimeMsPerSecond: backPressured,
    // Flink: busy = 1000 − min(idle + back-pressured, 1000)
    busyTimeMsPerSecond: 1000 - Math.min(idle + backPressured, 1000),
    accumulateBusyTimeMs: latest.accumulatedBusyTimeMs,
    accumulateIdleTimeMs: latest.accumulatedIdleTimeMs,
    accumulateBackPressuredTimeMs: latest.accumulatedBackPressuredTimeMs,
    currentInputWatermark: latest.currentInputWatermarkMs,
    currentOutputWatermark: latest.currentOutputWatermarkMs,
    inPoolUsage: latest.inPoolUsage,
    outPoolUsage: latest.outPoolUsage,
  })
}
