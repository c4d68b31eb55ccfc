import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SubtaskMetrics } from '../../../../src/coordinator/metrics/subtask-metrics.js'
import { backPressureLevelOf, vertexBackPressureOf } from '../../../../src/rest/responses/backpressure-responses.js'

function aSubtask(subtaskIndex: number, backPressuredTimeMsPerSecond: number, idleTimeMsPerSecond = 0): SubtaskMetrics {
  return {
    vertexId: 'v', subtaskIndex, numRecordsIn: 0, numRecordsOut: 0, numBytesIn: 0, numBytesOut: 0, numRecordsInPerSecond: 0,
    numRecordsOutPerSecond: 0, numBytesInPerSecond: 0, numBytesOutPerSecond: 0,
    busyTimeMsPerSecond: 1000 - backPressuredTimeMsPerSecond - idleTimeMsPerSecond, idleTimeMsPerSecond, backPressuredTimeMsPerSecond,
    accumulateBusyTimeMs: 0, accumulateIdleTimeMs: 0, accumulateBackPressuredTimeMs: 0, currentInputWatermark: 0,
    currentOutputWatermark: 0, inPoolUsage: 0, outPoolUsage: 0,
  }
}

describe('backpressure messages', () => {
  it('uses Flink\'s thresholds: ok up to 0.10, low up to 0.5, high above', () => {
    assert.deepEqual([0, 0.1, 0.1001, 0.5, 0.5001, 1].map(backPressureLevelOf), ['ok', 'ok', 'low', 'low', 'high', 'high'])
  })

  it('rates the vertex by its most back-pressured subtask, with both level spellings and per-subtask ratios', () => {
    assert.deepEqual(vertexBackPressureOf([aSubtask(1, 800), aSubtask(0, 50, 900)], 1234), {
      status: 'ok', backpressureLevel: 'high', 'backpressure-level': 'high', 'end-timestamp': 1234,
      subtasks: [
        { subtask: 0, backpressureLevel: 'ok', 'backpressure-level': 'ok', ratio: 0.05, idleRatio: 0.9, busyRatio: 0.05 },
        { subtask: 1, backpressureLevel: 'high', 'backpressure-level': 'high', ratio: 0.8, idleRatio: 0, busyRatio: 0.2 },
      ],
    })
  })

  it('answers {"status":"deprecated"} before any metrics arrived, as Flink does', () => {
    assert.deepEqual(vertexBackPressureOf([], 1), { status: 'deprecated' })
  })
})
