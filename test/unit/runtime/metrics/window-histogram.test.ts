import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { statisticsOfSnapshot } from '../../../../src/metrics/histogram-statistics.js'
import { WindowHistogram } from '../../../../src/runtime/metrics/window-histogram.js'

describe('WindowHistogram', () => {
  it('reports plain statistics over the last values, and the count of all of them', () => {
    const histogram = new WindowHistogram(10)
    for (let value = 1; value <= 12; value++) histogram.update(value) // the window holds 3..12
    const stats = histogram.getStatistics()
    assert.equal(stats.count, 12)
    assert.equal(stats.min, 3)
    assert.equal(stats.max, 12)
    assert.equal(stats.mean, 7.5)
    assert.equal(stats.p50, 7.5) // position 5.5 of 3..12
    assert.equal(stats.p75, 10.25) // position 8.25: between 10 and 11
    assert.equal(stats.p999, 12)
  })

  it('turns back into the statistics reporters read, with the reported quantiles exact', () => {
    const histogram = new WindowHistogram(4)
    for (const value of [10, 20, 30, 40, 50]) histogram.update(value)
    const statistics = statisticsOfSnapshot(histogram.getStatistics(), 4)
    assert.equal(statistics.size, 4)
    assert.equal(statistics.quantile(0.5), histogram.getStatistics().p50)
    assert.equal(statistics.quantile(0.99), 50)
    assert.equal(statistics.quantile(0.6), histogram.getStatistics().p50, 'an unreported quantile takes the reported one below')
  })
})
