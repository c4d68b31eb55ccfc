import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DescriptiveStatisticsHistogram } from '../../../../src/metrics/histogram-statistics.js'
import { gauge, type Metric } from '../../../../src/metrics/metric.js'
import type { ReportedMetric } from '../../../../src/metrics/reporters/metric-reporter.js'
import {
  prometheusLabels, prometheusMetricName, renderPrometheusText, replaceInvalidChars,
} from '../../../../src/metrics/reporters/prometheus-text-format.js'

function reported(logicalScope: string[], name: string, metric: Metric, variables: [string, string][] = [['<host>', 'h1']]): ReportedMetric {
  return { name, metric, logicalScope, scopeComponents: [], variables: new Map(variables) }
}

describe('Prometheus names and labels (Flink AbstractPrometheusReporter)', () => {
  it('names a metric flink_<logical scope joined by _>_<name>, case kept', () => {
    assert.equal(prometheusMetricName(['taskmanager', 'job', 'task'], 'numRecordsInPerSecond'), 'flink_taskmanager_job_task_numRecordsInPerSecond')
    assert.equal(prometheusMetricName(['taskmanager', 'job', 'task', 'Shuffle', 'Netty', 'Input', 'Buffers'], 'inPoolUsage'),
      'flink_taskmanager_job_task_Shuffle_Netty_Input_Buffers_inPoolUsage')
  })

  it('replaces every character outside [a-zA-Z0-9:_] by _', () => {
    assert.equal(replaceInvalidChars('Source: Kafka -> Map.x/y'), 'Source:_Kafka____Map_x_y')
    assert.equal(prometheusMetricName(['jobmanager', 'my group'], 'a-b'), 'flink_jobmanager_my_group_a_b')
  })

  it('turns variables into labels without brackets, filtering values only when asked', () => {
    const variables = new Map([['<job_name>', 'My Job-1'], ['<task_name>', 'Map -> Sink']])
    assert.deepEqual(prometheusLabels(variables, true), [['job_name', 'My_Job_1'], ['task_name', 'Map____Sink']])
    assert.deepEqual(prometheusLabels(variables, false), [['job_name', 'My Job-1'], ['task_name', 'Map -> Sink']])
  })
})

describe('renderPrometheusText', () => {
  it('writes one HELP and TYPE per family and one sample per label set; counters and meters are gauges', () => {
    const text = renderPrometheusText([
      reported(['taskmanager', 'job', 'task'], 'numRecordsIn', { type: 'counter', getCount: () => 42 }, [['<subtask_index>', '0']]),
      reported(['taskmanager', 'job', 'task'], 'numRecordsIn', { type: 'counter', getCount: () => 7 }, [['<subtask_index>', '1']]),
      reported(['taskmanager', 'job', 'task'], 'numRecordsInPerSecond', { type: 'meter', getRate: () => 12.5, getCount: () => 42 }),
    ], { filterLabelValueCharacters: true })
    assert.equal(text, [
      '# HELP flink_taskmanager_job_task_numRecordsIn numRecordsIn (scope: taskmanager_job_task)',
      '# TYPE flink_taskmanager_job_task_numRecordsIn gauge',
      'flink_taskmanager_job_task_numRecordsIn{subtask_index="0"} 42',
      'flink_taskmanager_job_task_numRecordsIn{subtask_index="1"} 7',
      '# HELP flink_taskmanager_job_task_numRecordsInPerSecond numRecordsInPerSecond (scope: taskmanager_job_task)',
      '# TYPE flink_taskmanager_job_task_numRecordsInPerSecond gauge',
      'flink_taskmanager_job_task_numRecordsInPerSecond{host="h1"} 12.5',
      '',
    ].join('\n'))
  })

  it('writes a histogram as a summary with quantile labels and _count, without _sum', () => {
    const histogram = new DescriptiveStatisticsHistogram(10)
    for (let v = 1; v <= 10; v++) histogram.update(v)
    const text = renderPrometheusText([reported(['taskmanager', 'job', 'task'], 'mailboxLatencyMs', histogram, [])], { filterLabelValueCharacters: true })
    const lines = text.trim().split('\n')
    assert.equal(lines[1], '# TYPE flink_taskmanager_job_task_mailboxLatencyMs summary')
    assert.equal(lines[2], 'flink_taskmanager_job_task_mailboxLatencyMs{quantile="0.5"} 5.5')
    assert.deepEqual(lines.slice(2).map((l) => /quantile="([^"]+)"/.exec(l)?.[1] ?? 'none'), ['0.5', '0.75', '0.95', '0.98', '0.99', '0.999', 'none'])
    assert.equal(lines.at(-1), 'flink_taskmanager_job_task_mailboxLatencyMs_count 10')
    assert.ok(!text.includes('_sum'))
  })

  it('writes booleans as 1/0, non-numeric gauges as 0 and special values as Prometheus spells them', () => {
    const text = renderPrometheusText([
      reported(['jobmanager', 'job'], 'isBackPressured', gauge(() => true), []),
      reported(['jobmanager', 'job'], 'lastCheckpointExternalPath', gauge(() => '/tmp/x'), []),
      reported(['jobmanager', 'job'], 'nan', gauge(() => Number.NaN), []),
      reported(['jobmanager', 'job'], 'low', gauge(() => Number.NEGATIVE_INFINITY), []),
    ], { filterLabelValueCharacters: true })
    assert.match(text, /^flink_jobmanager_job_isBackPressured 1$/m)
    assert.match(text, /^flink_jobmanager_job_lastCheckpointExternalPath 0$/m)
    assert.match(text, /^flink_jobmanager_job_nan NaN$/m)
    assert.match(text, /^flink_jobmanager_job_low -Inf$/m)
  })

  it('escapes backslashes, quotes and newlines in label values', () => {
    const text = renderPrometheusText([reported(['jobmanager'], 'x', gauge(() => 1), [['<job_name>', 'a"b\\c\nd']])],
      { filterLabelValueCharacters: false })
    assert.match(text, /^flink_jobmanager_x\{job_name="a\\"b\\\\c\\nd"\} 1$/m)
  })
})
