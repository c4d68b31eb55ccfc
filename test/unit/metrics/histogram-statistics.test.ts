import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DescriptiveStatisticsHistogram, statisticsOf } from '../../../src/metrics/histogram-statistics.js'

describe('statisticsOf', () => {
  it('computes count, min, max, mean and the sample standard deviation', () => {
    const s = statisticsOf([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])
    assert.equal(s.size, 10)
    assert.equal(s.min, 1)
    assert.equal(s.max, 10)
    assert.equal(s.mean, 5.5)
    assert.ok(Math.abs(s.stddev - 3.0276503540974917) < 1e-12, String(s.stddev))
  })

  it("interpolates quantiles at p·(n+1) like Commons Math's legacy Percentile, clamped to min and max", () => {
    const s = statisticsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert.equal(s.quantile(0.5), 5.5)
    assert.equal(s.quantile(0.75), 8.25)
    assert.ok(Math.abs(s.quantile(0.95) - 10) < 1e-9, 'position 10.45 ≥ n gives the max')
    assert.equal(s.quantile(0.999), 10)
    assert.equal(statisticsOf([1, 2, 3]).quantile(0.1), 1, 'position 0.4 < 1 gives the min')
  })

  it('is all zeros for no values and the value itself for one', () => {
    assert.deepEqual({ ...statisticsOf([]), quantile: undefined }, { size: 0, min: 0, max: 0, mean: 0, stddev: 0, quantile: undefined })
    const one = statisticsOf([7])
    assert.equal(one.stddev, 0)
    assert.equal(one.quantile(0.99), 7)
  })
})

describe('DescriptiveStatisticsHistogram', () => {
  it('keeps statistics over the last windowSize values while counting every value', () => {
    const histogram = new DescriptiveStatisticsHistogram(3)
    for (const value of [100, 1, 2, 3]) histogram.update(value)
    assert.equal(histogram.getCount(), 4)
    const s = histogram.getStatistics()
    assert.equal(s.size, 3)
    assert.equal(s.max, 3, 'the oldest value left the window')
    assert.equal(s.mean, 2)
  })
})
