import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SubtaskMetricsStore } from '../../../../src/coordinator/metrics/subtask-metrics-store.js'
import { METER_SPAN_MS } from '../../../../src/coordinator/metrics/subtask-metrics.js'
import type { SubtaskMetricSample } from '../../../../src/protocol/messages.js'

/** A raw sample with every counter at zero unless overridden. */
function aSample(overrides: Partial<SubtaskMetricSample> = {}): SubtaskMetricSample {
  return {
    subtask: { vertexId: 'v1', subtaskIndex: 0 },
    sampledAtMs: 0,
    numRecordsIn: 0,
    numRecordsOut: 0,
    numBytesIn: 0,
    numBytesOut: 0,
    accumulatedBusyTimeMs: 0,
    accumulatedIdleTimeMs: 0,
    accumulatedBackPressuredTimeMs: 0,
    currentInputWatermarkMs: Number.NEGATIVE_INFINITY,
    currentOutputWatermarkMs: Number.NEGATIVE_INFINITY,
    outPoolUsage: 0,
    inPoolUsage: 0,
    ...overrides,
  }
}

/** Samples every second for `seconds` seconds, with counters growing at the given per-second rates from `from`. */
function recordSteady(store: SubtaskMetricsStore, from: SubtaskMetricSample, seconds: number,
  perSecond: { records: number; idleMs: number; backPressuredMs: number }): SubtaskMetricSample {
  let last = from
  for (let s = 1; s <= seconds; s++) {
    last = aSample({
      subtask: from.subtask,
      sampledAtMs: last.sampledAtMs + 1000,
      numRecordsIn: last.numRecordsIn + perSecond.records,
      numRecordsOut: last.numRecordsOut + perSecond.records,
      accumulatedIdleTimeMs: last.accumulatedIdleTimeMs + perSecond.idleMs,
      accumulatedBackPressuredTimeMs: last.accumulatedBackPressuredTimeMs + perSecond.backPressuredMs,
      accumulatedBusyTimeMs: last.accumulatedBusyTimeMs + 1000 - perSecond.idleMs - perSecond.backPressuredMs,
    })
    store.record(last)
  }
  return last
}

describe('SubtaskMetricsStore', () => {
  it('reports zero rates and a fully busy subtask from a single sample', () => {
    const store = new SubtaskMetricsStore()
    store.record(aSample({ sampledAtMs: 5000, numRecordsIn: 10, accumulatedIdleTimeMs: 400 }))
    const [metrics] = store.snapshot()
    assert.equal(metrics!.numRecordsIn, 10)
    assert.equal(metrics!.numRecordsInPerSecond, 0)
    assert.equal(metrics!.idleTimeMsPerSecond, 0)
    assert.equal(metrics!.backPressuredTimeMsPerSecond, 0)
    assert.equal(metrics!.busyTimeMsPerSecond, 1000)
    assert.equal(metrics!.accumulateIdleTimeMs, 400)
  })

  it('derives per-second rates from the difference of two samples over their time span', () => {
    const store = new SubtaskMetricsStore()
    store.record(aSample({ sampledAtMs: 10_000 }))
    store.record(aSample({
      sampledAtMs: 12_000, numRecordsIn: 1000, numRecordsOut: 500, numBytesIn: 4096, numBytesOut: 2048,
      accumulatedIdleTimeMs: 600, accumulatedBackPressuredTimeMs: 400, accumulatedBusyTimeMs: 1000,
    }))
    const [m] = store.snapshot()
    assert.equal(m!.numRecordsInPerSecond, 500)
    assert.equal(m!.numRecordsOutPerSecond, 250)
    assert.equal(m!.numBytesInPerSecond, 2048)
    assert.equal(m!.numBytesOutPerSecond, 1024)
    assert.equal(m!.idleTimeMsPerSecond, 300)
    assert.equal(m!.backPressuredTimeMsPerSecond, 200)
    assert.equal(m!.busyTimeMsPerSecond, 500)
    assert.equal(m!.accumulateBusyTimeMs, 1000)
    assert.equal(m!.accumulateBackPressuredTimeMs, 400)
  })

  it('computes busy time as 1000 − min(idle + back-pressured, 1000), clamping each to 1000', () => {
    const store = new SubtaskMetricsStore()
    store.record(aSample({ sampledAtMs: 0 }))
    // timers in the worker and the sample clock disagree slightly: more than a second of idle in a second
    store.record(aSample({ sampledAtMs: 1000, accumulatedIdleTimeMs: 1010, accumulatedBackPressuredTimeMs: 30 }))
    const [m] = store.snapshot()
    assert.equal(m!.idleTimeMsPerSecond, 1000)
    assert.equal(m!.backPressuredTimeMsPerSecond, 30)
    assert.equal(m!.busyTimeMsPerSecond, 0)
  })

  it(`averages over the last ${METER_SPAN_MS / 1000} s only`, () => {
    const store = new SubtaskMetricsStore()
    const start = aSample({ sampledAtMs: 1_000_000 })
    store.record(start)
    const afterFast = recordSteady(store, start, 60, { records: 100, idleMs: 0, backPressuredMs: 900 })
    let [m] = store.snapshot()
    assert.equal(m!.numRecordsInPerSecond, 100)
    assert.equal(m!.backPressuredTimeMsPerSecond, 900)
    assert.equal(m!.busyTimeMsPerSecond, 100)

    recordSteady(store, afterFast, 60, { records: 10, idleMs: 750, backPressuredMs: 0 })
    ;[m] = store.snapshot()
    assert.equal(m!.numRecordsInPerSecond, 10)
    assert.equal(m!.idleTimeMsPerSecond, 750)
    assert.equal(m!.backPressuredTimeMsPerSecond, 0)
    assert.equal(m!.busyTimeMsPerSecond, 250)
  })

  it('averages over the whole history while it is shorter than the span', () => {
    const store = new SubtaskMetricsStore()
    const start = aSample({ sampledAtMs: 0 })
    store.record(start)
    const mid = recordSteady(store, start, 10, { records: 100, idleMs: 0, backPressuredMs: 0 })
    recordSteady(store, mid, 10, { records: 300, idleMs: 0, backPressuredMs: 0 })
    assert.equal(store.snapshot()[0]!.numRecordsInPerSecond, 200)
  })

  it('keeps subtasks apart', () => {
    const store = new SubtaskMetricsStore()
    const a = { vertexId: 'v1', subtaskIndex: 0 }
    const b = { vertexId: 'v1', subtaskIndex: 1 }
    const c = { vertexId: 'v2', subtaskIndex: 0 }
    for (const subtask of [a, b, c]) store.record(aSample({ subtask, sampledAtMs: 0 }))
    store.record(aSample({ subtask: a, sampledAtMs: 1000, numRecordsIn: 10 }))
    store.record(aSample({ subtask: b, sampledAtMs: 1000, numRecordsIn: 20 }))
    store.record(aSample({ subtask: c, sampledAtMs: 2000, numRecordsIn: 30 }))
    assert.deepEqual(store.snapshot().map((m) => [m.vertexId, m.subtaskIndex, m.numRecordsInPerSecond]), [
      ['v1', 0, 10], ['v1', 1, 20], ['v2', 0, 15],
    ])
  })

  it('passes watermarks and pool usage through from the latest sample', () => {
    const store = new SubtaskMetricsStore()
    store.record(aSample({ sampledAtMs: 0, currentInputWatermarkMs: 5, outPoolUsage: 0.9 }))
    store.record(aSample({ sampledAtMs: 1000, currentInputWatermarkMs: 1500, currentOutputWatermarkMs: Number.POSITIVE_INFINITY, inPoolUsage: 0.25, outPoolUsage: 0.5 }))
    const [m] = store.snapshot()
    assert.equal(m!.currentInputWatermark, 1500)
    assert.equal(m!.currentOutputWatermark, Number.POSITIVE_INFINITY)
    assert.equal(m!.inPoolUsage, 0.25)
    assert.equal(m!.outPoolUsage, 0.5)
  })

  it('publishes a frozen snapshot and rebuilds it only after a new sample', () => {
    const store = new SubtaskMetricsStore()
    store.record(aSample({ sampledAtMs: 0 }))
    const first = store.snapshot()
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]))
    assert.equal(store.snapshot(), first)
    store.record(aSample({ sampledAtMs: 1000, numRecordsIn: 7 }))
    const second = store.snapshot()
    assert.notEqual(second, first)
    assert.equal(first[0]!.numRecordsIn, 0)
    assert.equal(second[0]!.numRecordsIn, 7)
  })

  it('has no subtasks before the first sample', () => {
    assert.deepEqual(new SubtaskMetricsStore().snapshot(), [])
  })
})
