import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SlidingWindowHistogram } from '../../../../src/runtime/metrics/sliding-window-histogram.js'

describe('SlidingWindowHistogram', () => {
  it('computes statistics over the last values only, but counts all of them', () => {
    const histogram = new SlidingWindowHistogram(4)
    for (const value of [1000, 2000, 1, 2, 3, 4]) histogram.update(value)
    const stats = histogram.getStatistics()
    assert.equal(stats.count, 6)
    assert.equal(stats.min, 1)
    assert.equal(stats.max, 4)
    assert.equal(stats.mean, 2.5)
    // sample standard deviation of 1..4: sqrt(5/3)
    assert.ok(Math.abs(stats.stddev - Math.sqrt(5 / 3)) < 1e-12)
  })

  it('interpolates percentiles the way Commons Math does (position q·(n+1))', () => {
    const histogram = new SlidingWindowHistogram(128)
    for (let value = 10; value >= 1; value--) histogram.update(value)
    const stats = histogram.getStatistics()
    assert.equal(stats.p50, 5.5) // position 5.5 between 5 and 6
    assert.equal(stats.p75, 8.25) // position 8.25
    assert.equal(stats.p95, 10) // past the last position
    assert.equal(stats.p999, 10)
  })

  it('reports zeros before the first value', () => {
    assert.deepEqual(new SlidingWindowHistogram(8).getStatistics(),
      { count: 0, min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p75: 0, p95: 0, p98: 0, p99: 0, p999: 0 })
  })
})
