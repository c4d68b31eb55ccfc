import type { SubtaskMetrics } from '../../coordinator/metrics/subtask-metrics.js'
import type { FlinkJson } from '../messages/flink-json.js'

/** Flink's VertexBackPressureLevel, lower-case as the REST API writes it. */
export const BACKPRESSURE_LEVELS = ['ok', 'low', 'high'] as const
export type BackPressureLevel = (typeof BACKPRESSURE_LEVELS)[number]

/** Ratio up to which a subtask counts as not back-pressured, and up to which as lowly (JobVertexBackPressureHandler). */
export const LOW_BACKPRESSURE_THRESHOLD = 0.1
export const HIGH_BACKPRESSURE_THRESHOLD = 0.5

/** The level of a back-pressured ratio (backPressuredTimeMsPerSecond ÷ 1000): ≤ 0.10 ok, ≤ 0.5 low, above high. */
export function backPressureLevelOf(ratio: number): BackPressureLevel {
  if (ratio <= LOW_BACKPRESSURE_THRESHOLD) return 'ok'
  if (ratio <= HIGH_BACKPRESSURE_THRESHOLD) return 'low'
  return 'high'
}

/**
 * `/jobs/:jobid/vertices/:vertexid/backpressure` (Flink's JobVertexBackPressureInfo, from task metrics): both the
 * current `backpressureLevel` and the deprecated `backpressure-level` the dashboard reads; the vertex level is the
 * one of its most back-pressured subtask. Without metrics yet, only `{"status":"deprecated"}`, as Flink answers.
 */
export function vertexBackPressureOf(metrics: readonly SubtaskMetrics[], endTimestampMs: number): FlinkJson {
  if (metrics.length === 0) return { status: 'deprecated' }
  const subtasks = [...metrics].sort((a, b) => a.subtaskIndex - b.subtaskIndex).map((m) => {
    const ratio = m.backPressuredTimeMsPerSecond / 1000
    const level = backPressureLevelOf(ratio)
    return {
      subtask: m.subtaskIndex,
      backpressureLevel: level,
      'backpressure-level': level,
      ratio,
      idleRatio: m.idleTimeMsPerSecond / 1000,
      busyRatio: m.busyTimeMsPerSecond / 1000,
    }
  })
  const level = backPressureLevelOf(Math.max(...subtasks.map((s) => s.ratio)))
  return { status: 'ok', backpressureLevel: level, 'backpressure-level': level, 'end-timestamp': endTimestampMs, subtasks }
}
