import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gauge } from '../../../../src/metrics/metric.js'
import {
  escapeMeasurement, escapeTag, influxFields, influxLines, influxMeasurement, influxPoint,
} from '../../../../src/metrics/reporters/influxdb-line-protocol.js'
import { influxWriteUrl } from '../../../../src/metrics/reporters/influxdb-reporter.js'

describe('InfluxDB line protocol', () => {
  it("names a measurement by the logical scope and name joined with '_' (Flink's MeasurementInfoProvider)", () => {
    assert.equal(influxMeasurement(['taskmanager', 'job', 'task'], 'numRecordsIn'), 'taskmanager_job_task_numRecordsIn')
    assert.equal(influxMeasurement(['jobmanager', 'Status', 'JVM', 'Memory', 'Heap'], 'Used'), 'jobmanager_Status_JVM_Memory_Heap_Used')
  })

  it('escapes commas and spaces in measurements, and also equals signs in tags and field keys', () => {
    assert.equal(escapeMeasurement('a b,c=d'), 'a\\ b\\,c=d')
    assert.equal(escapeTag('Map -> Sink: x=1,y'), 'Map\\ ->\\ Sink:\\ x\\=1\\,y')
  })

  it('writes integers with i, floats plainly, strings quoted with escapes, sorted tags, ms timestamps', () => {
    const line = influxPoint('m', [['task_name', 'Map -> Sink'], ['host', 'h1']],
      [['count', { kind: 'integer', value: 42 }], ['rate', { kind: 'float', value: 1.5 }], ['path', { kind: 'string', value: 'a "b" \\c' }]], 1700000000123)
    assert.equal(line, 'm,host=h1,task_name=Map\\ ->\\ Sink count=42i,rate=1.5,path="a \\"b\\" \\\\c" 1700000000123')
  })

  it('leaves out tags with empty values and fields that are NaN or infinite; no field means no point', () => {
    assert.equal(influxPoint('m', [['empty', ''], ['a', 'b']], [['v', { kind: 'float', value: Number.NaN }], ['w', { kind: 'float', value: 2 }]], 5),
      'm,a=b w=2 5')
    assert.equal(influxPoint('m', [], [['v', { kind: 'float', value: Number.POSITIVE_INFINITY }]], 5), undefined)
  })

  it("maps metric types to Flink's fields: count, value, count+rate, histogram statistics", () => {
    assert.deepEqual(influxFields({ type: 'counter', getCount: () => 3 }).map(([k]) => k), ['count'])
    assert.deepEqual(influxFields(gauge(() => 1.25)), [['value', { kind: 'float', value: 1.25 }]])
    assert.deepEqual(influxFields({ type: 'meter', getRate: () => 2, getCount: () => 9 }).map(([k]) => k), ['count', 'rate'])
    assert.deepEqual(influxFields({ type: 'histogram', getCount: () => 0, getStatistics: () => ({ size: 0, min: 0, max: 0, mean: 0, stddev: 0, quantile: () => 0 }) })
      .map(([k]) => k), ['count', 'min', 'max', 'mean', 'stddev', 'p50', 'p75', 'p95', 'p98', 'p99', 'p999'])
  })

  it('turns every variable into a tag without brackets', () => {
    const [line] = influxLines([{ name: 'numRecordsIn', metric: { type: 'counter', getCount: () => 1 }, logicalScope: ['taskmanager', 'job', 'task'],
      scopeComponents: [], variables: new Map([['<job_name>', 'J'], ['<subtask_index>', '0']]) }], 1000)
    assert.equal(line, 'taskmanager_job_task_numRecordsIn,job_name=J,subtask_index=0 count=1i 1000')
  })

  it('writes to /write with db, ms precision, consistency, retention policy and credentials', () => {
    const url = new URL(influxWriteUrl({ scheme: 'https', host: 'influx', port: 8087, db: 'flink', retentionPolicy: 'one_day', consistency: 'QUORUM', username: 'u', password: 'p w' }))
    assert.equal(url.origin + url.pathname, 'https://influx:8087/write')
    assert.deepEqual(Object.fromEntries(url.searchParams), { db: 'flink', precision: 'ms', consistency: 'quorum', rp: 'one_day', u: 'u', p: 'p w' })
  })
})
