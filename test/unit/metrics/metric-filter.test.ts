import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidMetricFilter, MetricFilter } from '../../../src/metrics/metric-filter.js'

function filter(includes: string[], excludes: string[] = []): MetricFilter {
  const parsed = MetricFilter.parse(includes, excludes)
  assert.ok(parsed instanceof MetricFilter, 'valid filter')
  return parsed
}

describe('MetricFilter', () => {
  it("lets everything through with Flink's default *:*:*", () => {
    const all = filter(['*:*:*'])
    assert.ok(all.accepts('taskmanager.job.task', 'numRecordsIn', 'counter'))
    assert.ok(all.accepts('jobmanager', 'Used', 'gauge'))
  })

  it('matches the logical scope with * wildcards and a literal dot', () => {
    const tasks = filter(['*.task'])
    assert.ok(tasks.accepts('taskmanager.job.task', 'numRecordsIn', 'counter'))
    assert.ok(!tasks.accepts('taskmanager.job.task.operator', 'numRecordsIn', 'counter'), 'the whole scope must match')
    assert.ok(!filter(['taskmanager.job']).accepts('taskmanagerXjob', 'x', 'gauge'), "'.' is not a regex wildcard")
  })

  it('matches names as comma-separated alternatives with wildcards, and types', () => {
    const f = filter(['*:numRecords*,busyTimeMsPerSecond:meter,gauge'])
    assert.ok(f.accepts('taskmanager.job.task', 'numRecordsInPerSecond', 'meter'))
    assert.ok(f.accepts('taskmanager.job.task', 'busyTimeMsPerSecond', 'gauge'))
    assert.ok(!f.accepts('taskmanager.job.task', 'numRecordsIn', 'counter'), 'counters are not among the types')
    assert.ok(!f.accepts('taskmanager.job.task', 'idleTimeMsPerSecond', 'gauge'))
  })

  it('drops what an exclude matches even when an include matches too', () => {
    const f = filter(['*'], ['*.operator', '*:*:histogram'])
    assert.ok(f.accepts('taskmanager.job.task', 'numRecordsIn', 'counter'))
    assert.ok(!f.accepts('taskmanager.job.task.operator', 'numRecordsIn', 'counter'))
    assert.ok(!f.accepts('jobmanager.Status.EventLoop', 'delayMs', 'histogram'))
  })

  it('rejects an unknown type and more than three parts, saying why', () => {
    const badType = MetricFilter.parse(['*:*:timer'], [])
    assert.ok(badType instanceof InvalidMetricFilter)
    assert.match(badType.reason, /'timer' is not a metric type/)
    assert.ok(MetricFilter.parse([], ['a:b:gauge:d']) instanceof InvalidMetricFilter)
  })
})
