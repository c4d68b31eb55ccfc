import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DescriptiveStatisticsHistogram } from '../../../../src/metrics/histogram-statistics.js'
import { gauge, type Metric } from '../../../../src/metrics/metric.js'
import { graphiteFilterCharacters, graphiteLines, graphiteSanitize } from '../../../../src/metrics/reporters/graphite-plaintext.js'
import type { ReportedMetric } from '../../../../src/metrics/reporters/metric-reporter.js'

function reported(scopeComponents: string[], name: string, metric: Metric): ReportedMetric {
  return { name, metric, logicalScope: [], scopeComponents, variables: new Map() }
}

describe('Graphite plaintext (Flink GraphiteReporter on Dropwizard)', () => {
  it("turns a '.' inside a component into '-', drops '\"', and whitespace into '-'", () => {
    assert.equal(graphiteFilterCharacters('Source: a.b "c"'), 'Source: a-b c')
    assert.equal(graphiteSanitize('h1.My Job.Source: Gen'), 'h1.My-Job.Source:-Gen')
  })

  it('writes a counter as <identifier>.count and a gauge as <identifier>, seconds as timestamps', () => {
    const lines = graphiteLines([
      reported(['h1', 'taskmanager', 'tm-0', 'My Job', 'Map', '0'], 'numRecordsIn', { type: 'counter', getCount: () => 5 }),
      reported(['h1', 'jobmanager'], 'numRunningJobs', gauge(() => 1)),
      reported(['h1', 'jobmanager'], 'load', gauge(() => 0.123)),
      reported(['h1', 'jobmanager'], 'path', gauge(() => 'n/a')),
    ], '.', 1_700_000_000_999)
    assert.deepEqual(lines, [
      'h1.taskmanager.tm-0.My-Job.Map.0.numRecordsIn.count 5 1700000000',
      'h1.jobmanager.numRunningJobs 1 1700000000',
      'h1.jobmanager.load 0.12 1700000000',
    ])
  })

  it('joins components with the reporter delimiter', () => {
    assert.deepEqual(graphiteLines([reported(['h1', 'jobmanager'], 'x', gauge(() => 2))], '_', 0), ['h1_jobmanager_x 2 0'])
  })

  it("writes a meter's count and rates and a histogram's statistics as Dropwizard does", () => {
    const histogram = new DescriptiveStatisticsHistogram(4)
    for (const v of [1, 2, 3, 4]) histogram.update(v)
    const lines = graphiteLines([
      reported(['t'], 'rate', { type: 'meter', getRate: () => 3.5, getCount: () => 10 }),
      reported(['t'], 'h', histogram),
    ], '.', 0)
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), [
      't.rate.count 10', 't.rate.m1_rate 3.50', 't.rate.m5_rate 0.00', 't.rate.m15_rate 0.00', 't.rate.mean_rate 0.00',
      't.h.count 4', 't.h.max 4.00', 't.h.mean 2.50', 't.h.min 1.00', 't.h.stddev 1.29',
      't.h.p50 2.50', 't.h.p75 3.75', 't.h.p95 4.00', 't.h.p98 4.00', 't.h.p99 4.00', 't.h.p999 4.00',
    ])
  })
})
