import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  aggregate, aggregatedMetricsOf, latencyMetricValues, metricCollectionOf, requestedAggregations, requestedMetricNames,
  requestedSubtasks, userMetricValues,
} from '../../../../src/rest/responses/metric-responses.js'
import { RestBadRequestError } from '../../../../src/errors.js'

const query = (text: string) => new URLSearchParams(text)

describe('metric messages', () => {
  it('lists the available names without get=, as a bare array', () => {
    assert.deepEqual(metricCollectionOf(new Map([['b', 1], ['a', 2]]), undefined), [{ id: 'a' }, { id: 'b' }])
  })

  it('answers get= with string values and drops unknown names', () => {
    const values = new Map<string, number | string>([['0.numRecordsIn', 12], ['0.currentInputWatermark', Number.NEGATIVE_INFINITY], ['path', 'n/a']])
    assert.deepEqual(metricCollectionOf(values, requestedMetricNames(query('get=0.numRecordsIn,nope,0.currentInputWatermark&get=path'))), [
      { id: '0.numRecordsIn', value: '12' },
      { id: '0.currentInputWatermark', value: '-9223372036854775808' },
      { id: 'path', value: 'n/a' },
    ])
  })

  it('parses agg= case-insensitively, all five when absent', () => {
    assert.deepEqual(requestedAggregations(query('agg=MIN,max&agg=Sum')), ['min', 'max', 'sum'])
    assert.deepEqual(requestedAggregations(query('')), ['min', 'max', 'avg', 'sum', 'skew'])
  })

  it('rejects an unknown aggregation with 400, naming it', () => {
    assert.throws(() => requestedAggregations(query('agg=min,median')), (error: unknown) =>
      error instanceof RestBadRequestError && error.httpStatus === 400 && error.message.includes("'median'"))
    assert.deepEqual(requestedAggregations(query(`agg=${'min,'.repeat(1000)}max`)), ['min', 'max'])
  })

  it('parses subtasks= indexes and ranges, and rejects anything else', () => {
    assert.deepEqual([...requestedSubtasks(query('subtasks=0,2-4'), 8)], [0, 2, 3, 4])
    assert.deepEqual([...requestedSubtasks(query('subtasks=3,1-2,2&subtasks=0-0'), 8)], [0, 1, 2, 3])
    assert.deepEqual([...requestedSubtasks(query(''), 3)], [0, 1, 2])
    assert.throws(() => requestedSubtasks(query('subtasks=a'), 3), RestBadRequestError)
  })

  it('rejects subtasks that do not exist with 400, naming them and the ones that do, without expanding the range', () => {
    const cases: [string, number, string][] = [
      ['subtasks=5', 2, 'Bad request, parameter subtasks: subtask 5 does not exist: the vertex has 2 subtasks (0-1).'],
      ['subtasks=0-999999999', 2, 'Bad request, parameter subtasks: the range 0-999999999 goes past the last subtask: the vertex has 2 subtasks (0-1).'],
      ['subtasks=0,1', 1, 'Bad request, parameter subtasks: subtask 1 does not exist: the vertex has 1 subtask (0).'],
      ['subtasks=3-1', 4, 'Bad request, parameter subtasks: the range 3-1 ends before it starts.'],
    ]
    for (const [text, parallelism, message] of cases) {
      assert.throws(() => requestedSubtasks(query(text), parallelism), (error: unknown) =>
        error instanceof RestBadRequestError && error.httpStatus === 400 && error.message === message, text)
    }
    assert.throws(() => requestedSubtasks(query(`subtasks=0-${'9'.repeat(400)}`), 2), /the range 0-9{38} goes past the last subtask/)
  })

  it('asks for each get= name once, so an answer has at most as many entries as there are metrics', () => {
    assert.deepEqual(requestedMetricNames(query(`get=${'a,'.repeat(1000)}b&get=a`)), ['a', 'b'])
    const subtasks = [new Map<string, number | string>([['a', 1]]), new Map<string, number | string>([['a', 3]])]
    assert.deepEqual(aggregatedMetricsOf(subtasks, requestedMetricNames(query('get=a,nope,a')), ['sum']), [{ id: 'a', sum: 4 }])
  })

  it('aggregates numeric values per metric, only the requested aggregations, skipping text gauges', () => {
    const subtasks = [new Map<string, number | string>([['rate', 10], ['flag', 'true']]), new Map<string, number | string>([['rate', 30], ['flag', 'false']])]
    assert.deepEqual(aggregatedMetricsOf(subtasks, ['rate', 'flag', 'nope'], ['min', 'max', 'avg', 'sum']), [{ id: 'rate', min: 10, max: 30, avg: 20, sum: 40 }])
    assert.deepEqual(aggregatedMetricsOf(subtasks, undefined, ['min']), [{ id: 'flag' }, { id: 'rate' }])
  })

  it('computes skew as Flink does: mean absolute deviation over mean, in percent, at most 100', () => {
    assert.equal(aggregate([10, 30], 'skew'), 50)
    assert.equal(aggregate([0, 0], 'skew'), 0)
    assert.equal(aggregate([0, 0, 0, 100], 'skew'), 100)
  })

  it("keys user metrics as Flink's vertex store does, histograms expanded into their statistics", () => {
    const statistics = { count: 9, min: 1, max: 9, mean: 5, stddev: 2, p50: 5, p75: 7, p90: 8, p95: 9, p98: 9, p99: 9, p999: 9 }
    const values = userMetricValues([
      { operatorId: 'op-1', subtaskIndex: 1, groups: ['parsing'], name: 'invalid', kind: 'counter', value: 3 },
      { operatorId: 'op-1', subtaskIndex: 0, groups: [], name: 'size', kind: 'histogram', value: 9, statistics },
      { operatorId: 'elsewhere', subtaskIndex: 0, groups: [], name: 'other', kind: 'gauge', value: 1 },
    ], new Map([['op-1', 'Parse']]))
    assert.equal(values.get('1.Parse.parsing.invalid'), 3)
    assert.equal(values.get('0.Parse.size_p99'), 9)
    assert.equal(values.get('0.Parse.size_median'), 5)
    assert.equal([...values.keys()].some((k) => k.includes('other')), false, 'metrics of operators outside the vertex are not listed')
  })

  it("keys latency histograms as Flink's job store does", () => {
    const statistics = { count: 4, min: 1, max: 8, mean: 3, stddev: 1, p50: 2, p75: 4, p90: 6, p95: 8, p98: 8, p99: 8, p999: 8 }
    const values = latencyMetricValues([{ sourceOperatorId: 'src', sourceSubtaskIndex: undefined, operatorId: 'op', operatorSubtaskIndex: 0, statistics }])
    assert.equal(values.get('latency.source_id.src.operator_id.op.operator_subtask_index.0.latency_p99'), 8)
    assert.equal(values.get('latency.source_id.src.operator_id.op.operator_subtask_index.0.latency_mean'), 3)
  })
})
