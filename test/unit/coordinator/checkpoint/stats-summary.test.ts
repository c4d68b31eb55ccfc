import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StatsSummary, summarize } from '../../../../src/coordinator/checkpoint/stats-summary.js'

describe('StatsSummary', () => {
  it('is NaN throughout before any value', () => {
    const summary = new StatsSummary().snapshot()
    assert.equal(summary.count, 0)
    for (const field of ['min', 'max', 'avg', 'p50', 'p90', 'p95', 'p99', 'p999'] as const) {
      assert.ok(Number.isNaN(summary[field]), field)
    }
  })

  it('computes percentiles as Flink does (Commons Math legacy estimation)', () => {
    const summary = summarize([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])
    assert.equal(summary.min, 1)
    assert.equal(summary.max, 10)
    assert.equal(summary.avg, 5.5)
    assert.equal(summary.p50, 5.5) // position 0.5 * 11 = 5.5, between the 5th and 6th value
    assert.ok(Math.abs(summary.p90 - 9.9) < 1e-9) // position 9.9
    assert.equal(summary.p95, 10) // position 10.45 >= n
    assert.equal(summary.p99, 10)
    assert.equal(summary.p999, 10)
  })

  it('gives the single value for every statistic of one value', () => {
    assert.deepEqual({ ...summarize([42]) },
      { count: 1, min: 42, max: 42, avg: 42, p50: 42, p90: 42, p95: 42, p99: 42, p999: 42 })
  })

  it('keeps min, max and average over all values but percentiles over the latest window', () => {
    const summary = new StatsSummary(4)
    for (const value of [1000, 1, 2, 3, 4]) summary.add(value)
    const snapshot = summary.snapshot()
    assert.equal(snapshot.count, 5)
    assert.equal(snapshot.max, 1000)
    assert.equal(snapshot.avg, 202)
    assert.equal(snapshot.p99, 4, 'the 1000 fell out of the window')
  })
})
