import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { registerJobMetricGroups } from '../../../src/metrics/job-metric-groups.js'
import type { RegisteredMetric } from '../../../src/metrics/metric-group.js'
import { MetricRegistry } from '../../../src/metrics/metric-registry.js'
import { ProcessMetrics } from '../../../src/metrics/process-metrics.js'
import { scopeFormatsFrom } from '../../../src/metrics/scope-format.js'
import { ManualClock } from '../../support/manual-clock.js'
import { TestingMonitoredJob, aSubtaskMetrics } from '../../support/testing-monitored-job.js'

const SOURCE = 'aaaa0000aaaa0000aaaa0000aaaa0000'
const MAP_SINK = 'bbbb1111bbbb1111bbbb1111bbbb1111'

function setUp(options: { slotsPerWorker?: number; checkpoints?: ConstructorParameters<typeof TestingMonitoredJob>[0] } = {}) {
  const clock = new ManualClock(1_000_000)
  const job = new TestingMonitoredJob(options.checkpoints)
  const registry = new MetricRegistry()
  const processMetrics = new ProcessMetrics(clock)
  registerJobMetricGroups({
    registry, job, clock, processMetrics, host: 'h1', slotsPerWorker: options.slotsPerWorker ?? 1,
    scopeFormats: scopeFormatsFrom(Configuration.empty(configRegistry)),
  })
  const find = (logicalScope: string, name: string, where: Record<string, string> = {}): RegisteredMetric => {
    const found = registry.metrics().find((m) => m.group.logicalScope.join('.') === logicalScope && m.name === name &&
      Object.entries(where).every(([k, v]) => m.group.variables.get(k) === v))
    assert.ok(found !== undefined, `${logicalScope} ${name} ${JSON.stringify(where)}`)
    return found
  }
  const value = (m: RegisteredMetric): unknown => {
    switch (m.metric.type) {
      case 'gauge': return m.metric.getValue()
      case 'counter': return m.metric.getCount()
      case 'meter': return m.metric.getRate()
      case 'histogram': return m.metric.getCount()
    }
  }
  return { clock, job, registry, find, value }
}

describe('registerJobMetricGroups', () => {
  it("places a subtask's task group under Flink's default scope, on the worker its slot is on", () => {
    const { find } = setUp({ slotsPerWorker: 1 })
    const task = find('taskmanager.job.task', 'numRecordsIn', { '<task_id>': MAP_SINK, '<subtask_index>': '1' })
    assert.deepEqual(task.group.scopeComponents, ['h1', 'taskmanager', 'sluice-tm-1', 'Test Job', 'Map -> Sink: Out', '1'])
    assert.deepEqual(Object.fromEntries(task.group.variables), {
      '<host>': 'h1', '<tm_id>': 'sluice-tm-1', '<job_id>': 'a1b2c3d4e5f60718293a4b5c6d7e8f90', '<job_name>': 'Test Job',
      '<task_id>': MAP_SINK, '<task_name>': 'Map -> Sink: Out', '<subtask_index>': '1',
    })
    const two = setUp({ slotsPerWorker: 2 })
    assert.equal(two.find('taskmanager.job.task', 'numRecordsIn', { '<task_id>': MAP_SINK, '<subtask_index>': '1' }).group.variables.get('<tm_id>'), 'sluice-tm-0')
  })

  it("reads task metrics from the job's latest snapshot and skips a subtask that has not reported yet", () => {
    const { job, find, value } = setUp()
    const records = find('taskmanager.job.task', 'numRecordsIn', { '<task_id>': MAP_SINK, '<subtask_index>': '0' })
    const rate = find('taskmanager.job.task', 'numRecordsInPerSecond', { '<task_id>': MAP_SINK, '<subtask_index>': '0' })
    const inPool = find('taskmanager.job.task.Shuffle.Netty.Input.Buffers', 'inPoolUsage', { '<task_id>': MAP_SINK, '<subtask_index>': '0' })
    const watermark = find('taskmanager.job.task', 'currentInputWatermark', { '<task_id>': MAP_SINK, '<subtask_index>': '0' })
    assert.equal(watermark.metric.type === 'gauge' && watermark.metric.getValue(), undefined, 'no sample yet')
    job.subtaskMetrics = [aSubtaskMetrics({ vertexId: MAP_SINK, subtaskIndex: 0, numRecordsIn: 500, numRecordsInPerSecond: 50, inPoolUsage: 0.25 })]
    assert.equal(value(records), 500)
    assert.equal(value(rate), 50)
    assert.equal(value(inPool), 0.25)
    assert.equal(value(watermark), -9223372036854775808, "before the first watermark Flink shows Long.MIN_VALUE")
    job.subtaskMetrics = [aSubtaskMetrics({ vertexId: MAP_SINK, subtaskIndex: 0, numRecordsIn: 900 })]
    assert.equal(value(records), 900, 'a new snapshot is read, not a cached one')
  })

  it('measures only the ends of a chain at operator scope: records in at the head, records out at the tail', () => {
    const { registry } = setUp()
    const operatorMetrics = (operatorName: string) => registry.metrics()
      .filter((m) => m.group.logicalScope.join('.') === 'taskmanager.job.task.operator' && m.group.variables.get('<operator_name>') === operatorName && m.group.variables.get('<subtask_index>') === '0')
      .map((m) => m.name).sort()
    assert.deepEqual(operatorMetrics('Map'), ['currentInputWatermark', 'numRecordsIn', 'numRecordsInPerSecond'])
    assert.deepEqual(operatorMetrics('Sink: Out'), ['currentOutputWatermark', 'numRecordsOut', 'numRecordsOutPerSecond'])
    assert.equal(operatorMetrics('Source: Gen').length, 6, 'a one-operator chain has both ends')
  })

  it("keeps Flink's uptime, downtime and <status>Time semantics across a restart and the end", () => {
    const { job, clock, find, value } = setUp()
    const uptime = find('jobmanager.job', 'uptime')
    const downtime = find('jobmanager.job', 'downtime')
    const runningTime = find('jobmanager.job', 'runningTime')
    const restartingTime = find('jobmanager.job', 'restartingTime')
    assert.equal(value(uptime), 0, 'not running yet')
    job.transition('RUNNING')
    clock.advance(5000)
    assert.equal(value(uptime), 5000)
    assert.equal(value(runningTime), 5000)
    job.transition('RESTARTING')
    job.numRestarts = 1
    clock.advance(300)
    assert.equal(value(uptime), 0)
    assert.equal(value(downtime), 300)
    assert.equal(value(restartingTime), 300)
    assert.equal(value(runningTime), 0)
    assert.equal(value(find('jobmanager.job', 'numRestarts')), 1)
    assert.equal(value(find('jobmanager.job', 'fullRestarts')), 1)
    job.transition('RUNNING')
    clock.advance(100)
    assert.equal(value(downtime), 0)
    assert.equal(value(uptime), 100)
    job.transition('FINISHED')
    assert.equal(value(uptime), -1, "Flink's NO_LONGER_RUNNING")
    assert.equal(value(downtime), -1)
    assert.equal(value(find('jobmanager', 'numRunningJobs')), 0)
  })

  it('publishes the checkpoint gauges with -1 and n/a until a checkpoint completes, and none without checkpointing', () => {
    const { find, value } = setUp({ checkpoints: { checkpoints: { numberOfCompletedCheckpoints: 0 } } })
    assert.equal(value(find('jobmanager.job', 'lastCheckpointDuration')), -1)
    assert.equal(value(find('jobmanager.job', 'lastCheckpointExternalPath')), 'n/a')
    assert.equal(value(find('jobmanager.job', 'numberOfCompletedCheckpoints')), 0)
    const done = setUp({ checkpoints: { checkpoints: { lastCheckpointDuration: 120, lastCheckpointSize: 4096, lastCheckpointRestoreTimestamp: 17 } } })
    assert.equal(done.value(done.find('jobmanager.job', 'lastCheckpointDuration')), 120)
    assert.equal(done.value(done.find('jobmanager.job', 'lastCheckpointSize')), 4096)
    assert.equal(done.value(done.find('jobmanager.job', 'lastCheckpointRestoreTimestamp')), 17)
    const none = setUp({ checkpoints: { checkpoints: false } })
    assert.ok(!none.registry.metrics().some((m) => m.name === 'lastCheckpointDuration'))
  })

  it('reports cluster and process metrics at JobManager and TaskManager scope', () => {
    const { job, find, value } = setUp()
    job.heapUsedBytes.set(1, 12_345)
    assert.equal(value(find('jobmanager', 'numRegisteredTaskManagers')), 2)
    assert.equal(value(find('jobmanager', 'taskSlotsTotal')), 2)
    assert.equal(value(find('jobmanager', 'taskSlotsAvailable')), 0)
    assert.equal(value(find('jobmanager.Status.JVM.Threads', 'Count')), 3, 'the coordinator thread and two workers')
    assert.ok((value(find('jobmanager.Status.JVM.Memory.Heap', 'Used')) as number) > 0)
    assert.ok((value(find('jobmanager.Status.JVM.CPU', 'Time')) as number) > 0)
    assert.equal(value(find('taskmanager.Status.JVM.Memory.Heap', 'Used', { '<tm_id>': 'sluice-tm-1' })), 12_345)
    assert.equal(value(find('jobmanager.Status.JVM.GarbageCollector.All', 'Count')), 0)
    find('jobmanager.Status.JVM.GarbageCollector.MarkSweepCompact', 'Time')
    find('jobmanager.Status.EventLoop', 'delayMs')
  })

  it('registers user metrics under the operator scope once a worker reported them, reading the latest report', () => {
    const { job, find, value } = setUp()
    job.userMetricSamples = [{ operatorId: 'cccc2222cccc2222cccc2222cccc2222', subtaskIndex: 1, groups: ['parsing'], name: 'invalid', kind: 'counter', value: 3 }]
    const invalid = find('taskmanager.job.task.operator.parsing', 'invalid', { '<operator_name>': 'Sink: Out', '<subtask_index>': '1' })
    assert.equal(value(invalid), 3)
    job.userMetricSamples = [{ ...job.userMetricSamples[0]!, value: 5 }]
    assert.equal(value(find('taskmanager.job.task.operator.parsing', 'invalid', { '<subtask_index>': '1' })), 5)
  })

  it("registers latency histograms in Flink's latency groups, with source and operator as variables", () => {
    const { job, find } = setUp()
    const statistics = { count: 4, min: 1, max: 9, mean: 5, stddev: 2, p50: 5, p75: 7, p90: 8, p95: 9, p98: 9, p99: 9, p999: 9 }
    job.latency = [{ sourceOperatorId: SOURCE, sourceSubtaskIndex: undefined, operatorId: MAP_SINK, operatorSubtaskIndex: 1, statistics }]
    const latency = find('taskmanager.job.latency.source_id.operator_id.operator_subtask_index', 'latency', {
      '<source_id>': SOURCE, '<operator_id>': MAP_SINK, '<operator_subtask_index>': '1', '<tm_id>': 'sluice-tm-1',
    })
    assert.equal(latency.metric.type, 'histogram')
    if (latency.metric.type === 'histogram') {
      assert.equal(latency.metric.getCount(), 4)
      assert.equal(latency.metric.getStatistics().quantile(0.99), 9)
    }
  })
})
