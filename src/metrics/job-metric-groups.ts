import type { Clock } from '../util/clock.js'
import { JobStatusTimes, TIMED_JOB_STATUSES } from './job-status-times.js'
import type { HistogramSnapshot } from '../util/histogram-snapshot.js'
import { checkpointMetricValues } from './checkpoint-metric-values.js'
import { statisticsOfSnapshot } from './histogram-statistics.js'
import { counterView, gauge, meterView, type Histogram } from './metric.js'
import { MetricGroup } from './metric-group.js'
import * as names from './metric-names.js'
import type { MetricRegistry } from './metric-registry.js'
import type { MonitoredCheckpointMetrics, MonitoredJob, MonitoredSubtaskMetrics } from './monitored-job.js'
import type { LatencyHistogramSample, UserMetricSample } from './reported-metric-samples.js'
import type { ProcessMetrics } from './process-metrics.js'
import { SCOPE_VARIABLES as V, type ScopeFormats } from './scope-format.js'

/** What registering a job's metric groups needs. */
export interface JobMetricGroupsOptions {
  readonly registry: MetricRegistry
  readonly job: MonitoredJob
  readonly scopeFormats: ScopeFormats
  /** The `<host>` variable. */
  readonly host: string
  /** taskmanager.numberOfTaskSlots: subtask i runs on worker ⌊i / slots⌋ (slot sharing, as the scheduler places it). */
  readonly slotsPerWorker: number
  readonly clock: Clock
  readonly processMetrics: ProcessMetrics
}

/** Flink truncates operator names in scopes to this length (METRICS_OPERATOR_NAME_MAX_LENGTH). */
const OPERATOR_NAME_MAX_LENGTH = 80
/**
 * Java's Long.MIN_VALUE / MAX_VALUE, what Flink's watermark gauges show before the first and after the last
 * watermark, as the doubles reporters print (2^63 - 1 has no exact double: it is 2^63, as in Flink's reporters).
 */
const LONG_MIN_VALUE = -(2 ** 63)
const LONG_MAX_VALUE = 2 ** 63

/** The `<tm_id>` of worker `index`. */
export function taskManagerId(index: number): string {
  return `sluice-tm-${index}`
}

/**
 * Registers the groups and metrics of one running job under Flink's scopes: JobManager (process and cluster),
 * JobManager job (restarts, uptime, checkpoints), and per worker the TaskManager, its job group, and one task group
 * per subtask with its operators. Every metric is a view: it reads the job's snapshots when a reporter asks.
 */
export function registerJobMetricGroups(options: JobMetricGroupsOptions): void {
  const { registry, job, slotsPerWorker } = options
  const maxParallelism = Math.max(1, ...job.jobGraph.vertices.map((v) => v.parallelism))
  const numWorkers = Math.ceil(maxParallelism / slotsPerWorker)
  const jobVariables = new Map([[V.jobId, job.jobId], [V.jobName, job.jobGraph.jobName]])
  registerJobManagerGroups(options, jobVariables, numWorkers, maxParallelism)
  const subtaskOf = subtaskLookup(job)
  const operatorGroups = new Map<string, MetricGroup>()
  const taskManagerJobGroups: MetricGroup[] = []
  for (let worker = 0; worker < numWorkers; worker++) {
    const tmJob = registerTaskManagerGroups(options, jobVariables, worker)
    taskManagerJobGroups.push(tmJob)
    for (const vertex of job.jobGraph.vertices) {
      for (let subtaskIndex = worker * slotsPerWorker; subtaskIndex < Math.min(vertex.parallelism, (worker + 1) * slotsPerWorker); subtaskIndex++) {
        const read = <T>(pick: (m: MonitoredSubtaskMetrics) => T) => (): T | undefined => {
          const metrics = subtaskOf(vertex.id, subtaskIndex)
          return metrics === undefined ? undefined : pick(metrics)
        }
        registerTaskGroups(options, tmJob, vertex, subtaskIndex, read, operatorGroups)
      }
    }
  }
  registerReportedMetrics(registry, job, {
    operatorGroup: (operatorId, subtaskIndex) => operatorGroups.get(`${operatorId}/${subtaskIndex}`),
    latencyGroup: (subtaskIndex) => taskManagerJobGroups[Math.floor(subtaskIndex / slotsPerWorker)]?.addGroup(names.LATENCY),
  })
}

/** Reads one metric of one subtask from the job's latest snapshot (undefined before its first report). */
type SubtaskMetricReader = <T>(pick: (m: MonitoredSubtaskMetrics) => T) => () => T | undefined

/** The JobManager group (process, cluster) and its job group (restarts, uptime, status times, checkpoints). */
function registerJobManagerGroups(options: JobMetricGroupsOptions, jobVariables: ReadonlyMap<string, string>, numWorkers: number,
  maxParallelism: number): void {
  const { registry, job, scopeFormats, host, slotsPerWorker, clock, processMetrics } = options
  const isTerminal = (): boolean => job.status === 'FINISHED' || job.status === 'FAILED' || job.status === 'CANCELED'
  const statusTimes = new JobStatusTimes(clock, job.status)
  job.onStatusChange((status) => statusTimes.onStatusChange(status))
  const jmVariables = new Map([[V.host, host]])
  const jm = registry.addGroup(new MetricGroup({
    scopeComponents: scopeFormats.jobManager.bind(jmVariables), logicalScope: ['jobmanager'], variables: jmVariables,
  }))
  processMetrics.registerJvmMetrics(jm, {
    heapUsedBytes: () => process.memoryUsage().heapUsed, threadCount: () => numWorkers + 1, withCoordinatorIsolate: true,
  })
  jm.gauge(names.NUM_REGISTERED_TASK_MANAGERS, gauge(() => (isTerminal() ? 0 : numWorkers)))
  jm.gauge(names.NUM_RUNNING_JOBS, gauge(() => (isTerminal() ? 0 : 1)))
  jm.gauge(names.TASK_SLOTS_TOTAL, gauge(() => (isTerminal() ? 0 : numWorkers * slotsPerWorker)))
  // slot sharing: the job occupies as many slots as its highest parallelism
  jm.gauge(names.TASK_SLOTS_AVAILABLE, gauge(() => (isTerminal() ? 0 : numWorkers * slotsPerWorker - maxParallelism)))

  const jmJobVariables = new Map([...jmVariables, ...jobVariables])
  const jmJob = registry.addGroup(new MetricGroup({
    scopeComponents: scopeFormats.jobManagerJob.bind(jmJobVariables, jm.scopeComponents),
    logicalScope: ['jobmanager', 'job'],
    variables: jmJobVariables,
  }))
  jmJob.gauge(names.NUM_RESTARTS, gauge(() => job.numRestarts))
  jmJob.gauge(names.FULL_RESTARTS, gauge(() => job.numRestarts))
  jmJob.gauge(names.UPTIME, gauge(() => statusTimes.uptimeMs()))
  jmJob.gauge(names.DOWNTIME, gauge(() => statusTimes.downtimeMs()))
  for (const status of TIMED_JOB_STATUSES) {
    jmJob.gauge(`${status.toLowerCase()}${names.STATUS_TIME_SUFFIX}`, gauge(() => statusTimes.timeInMs(status)))
  }
  const checkpointStats = job.checkpointStats
  if (checkpointStats !== undefined) registerCheckpointMetrics(jmJob, () => checkpointStats.metrics())
}

/** The TaskManager group of one worker (its isolate's heap) and the worker's job group, which it returns. */
function registerTaskManagerGroups(options: JobMetricGroupsOptions, jobVariables: ReadonlyMap<string, string>, worker: number): MetricGroup {
  const { registry, job, scopeFormats, host, processMetrics } = options
  const tmVariables = new Map([[V.host, host], [V.tmId, taskManagerId(worker)]])
  const tm = registry.addGroup(new MetricGroup({
    scopeComponents: scopeFormats.taskManager.bind(tmVariables), logicalScope: ['taskmanager'], variables: tmVariables,
  }))
  processMetrics.registerJvmMetrics(tm, {
    heapUsedBytes: () => job.workerHeapUsedBytes().get(worker), threadCount: () => 1, withCoordinatorIsolate: false,
  })
  const tmJobVariables = new Map([...tmVariables, ...jobVariables])
  return registry.addGroup(new MetricGroup({
    scopeComponents: scopeFormats.taskManagerJob.bind(tmJobVariables, tm.scopeComponents),
    logicalScope: ['taskmanager', 'job'],
    variables: tmJobVariables,
  }))
}

/** The task group of one subtask with its system metrics, and one group per chained operator. */
function registerTaskGroups(options: JobMetricGroupsOptions, tmJob: MetricGroup, vertex: MonitoredJob['jobGraph']['vertices'][number],
  subtaskIndex: number, read: SubtaskMetricReader, operatorGroups: Map<string, MetricGroup>): void {
  const { registry, scopeFormats } = options
  const taskVariables = new Map([...tmJob.variables, [V.taskId, vertex.id], [V.taskName, vertex.name], [V.subtaskIndex, String(subtaskIndex)]])
  const task = registry.addGroup(new MetricGroup({
    scopeComponents: scopeFormats.task.bind(taskVariables, tmJob.scopeComponents),
    logicalScope: ['taskmanager', 'job', 'task'],
    variables: taskVariables,
  }))
  registerTaskMetrics(task, read)
  vertex.operators.forEach((operator, index) => {
    const operatorVariables = new Map([...taskVariables, [V.operatorId, operator.operatorId],
      [V.operatorName, operator.node.name.slice(0, OPERATOR_NAME_MAX_LENGTH)]])
    const group = registry.addGroup(new MetricGroup({
      scopeComponents: scopeFormats.operator.bind(operatorVariables, task.scopeComponents),
      logicalScope: ['taskmanager', 'job', 'task', 'operator'],
      variables: operatorVariables,
    }))
    operatorGroups.set(`${operator.operatorId}/${subtaskIndex}`, group)
    // only the chain's ends are measured: records enter at the head and leave at the tail
    if (index === 0) {
      group.counter(names.NUM_RECORDS_IN, counterView(read((m) => m.numRecordsIn)))
      group.meter(names.NUM_RECORDS_IN_RATE, meterView(read((m) => m.numRecordsInPerSecond), read((m) => m.numRecordsIn)))
      group.gauge(names.CURRENT_INPUT_WATERMARK, gauge(read((m) => watermark(m.currentInputWatermark))))
    }
    if (index === vertex.operators.length - 1) {
      group.counter(names.NUM_RECORDS_OUT, counterView(read((m) => m.numRecordsOut)))
      group.meter(names.NUM_RECORDS_OUT_RATE, meterView(read((m) => m.numRecordsOutPerSecond), read((m) => m.numRecordsOut)))
      group.gauge(names.CURRENT_OUTPUT_WATERMARK, gauge(read((m) => watermark(m.currentOutputWatermark))))
    }
  })
}

/** Where the metrics that workers report as they appear belong. */
interface ReportedMetricGroups {
  operatorGroup(operatorId: string, subtaskIndex: number): MetricGroup | undefined
  /** Flink's `latency` group in the job group of the TaskManager that runs operator subtask `subtaskIndex`. */
  latencyGroup(subtaskIndex: number): MetricGroup | undefined
}

/**
 * User metrics and latency histograms exist once a function registered them or a marker arrived: each collection
 * first registers the new ones (a view reading the latest report, like every other metric here).
 */
function registerReportedMetrics(registry: MetricRegistry, job: MonitoredJob, groups: ReportedMetricGroups): void {
  let userMetrics = new Map<string, UserMetricSample>()
  let latencyHistograms = new Map<string, LatencyHistogramSample>()
  registry.onCollect(() => {
    const previousUserMetrics = userMetrics
    userMetrics = new Map(job.userMetrics().map((m) => [userMetricKey(m), m]))
    for (const [key, metric] of userMetrics) {
      if (previousUserMetrics.has(key)) continue
      const group = groups.operatorGroup(metric.operatorId, metric.subtaskIndex)?.addGroup(...metric.groups)
      if (group !== undefined) registerUserMetric(group, metric.kind, metric.name, () => userMetrics.get(key))
    }
    const previousLatency = latencyHistograms
    latencyHistograms = new Map(job.latencyHistograms().map((h) => [latencyKey(h), h]))
    for (const [key, sample] of latencyHistograms) {
      if (previousLatency.has(key)) continue
      let group = groups.latencyGroup(sample.operatorSubtaskIndex)
      if (group === undefined) continue
      // Flink's LatencyStats groups: source_id [source_subtask_index] operator_id operator_subtask_index, by granularity
      if (sample.sourceOperatorId !== undefined) group = group.addKeyedGroup(names.LATENCY_SOURCE_ID, sample.sourceOperatorId)
      if (sample.sourceSubtaskIndex !== undefined) group = group.addKeyedGroup(names.LATENCY_SOURCE_SUBTASK_INDEX, String(sample.sourceSubtaskIndex))
      group = group.addKeyedGroup(names.LATENCY_OPERATOR_ID, sample.operatorId)
        .addKeyedGroup(names.LATENCY_OPERATOR_SUBTASK_INDEX, String(sample.operatorSubtaskIndex))
      group.histogram(names.LATENCY, histogramView(() => latencyHistograms.get(key)?.statistics))
    }
  })
}

function userMetricKey(metric: UserMetricSample): string {
  return [metric.operatorId, metric.subtaskIndex, ...metric.groups, metric.name].join('\u0000')
}

function latencyKey(sample: LatencyHistogramSample): string {
  return `${sample.operatorId}/${sample.operatorSubtaskIndex}/${sample.sourceOperatorId}/${sample.sourceSubtaskIndex}`
}

function registerUserMetric(group: MetricGroup, kind: UserMetricSample['kind'], name: string, read: () => UserMetricSample | undefined): void {
  switch (kind) {
    case 'counter':
      group.counter(name, counterView(() => read()?.value))
      return
    case 'gauge':
      group.gauge(name, gauge(() => read()?.value))
      return
    case 'meter':
      group.meter(name, meterView(() => read()?.value, () => read()?.count))
      return
    case 'histogram':
      group.histogram(name, histogramView(() => read()?.statistics))
  }
}

/** A Histogram over the statistics a worker reported. */
function histogramView(read: () => HistogramSnapshot | undefined): Histogram & { readonly isAvailable: () => boolean } {
  return {
    type: 'histogram',
    getCount: () => read()?.count ?? 0,
    getStatistics: () => {
      const snapshot = read()
      return statisticsOfSnapshot(snapshot ?? { count: 0, min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p75: 0, p90: 0, p95: 0, p98: 0, p99: 0, p999: 0 },
        snapshot?.count ?? 0)
    },
    isAvailable: () => read() !== undefined,
  }
}


function registerTaskMetrics(task: MetricGroup, read: SubtaskMetricReader): void {
  task.counter(names.NUM_RECORDS_IN, counterView(read((m) => m.numRecordsIn)))
  task.counter(names.NUM_RECORDS_OUT, counterView(read((m) => m.numRecordsOut)))
  task.counter(names.NUM_BYTES_IN, counterView(read((m) => m.numBytesIn)))
  task.counter(names.NUM_BYTES_OUT, counterView(read((m) => m.numBytesOut)))
  task.meter(names.NUM_RECORDS_IN_RATE, meterView(read((m) => m.numRecordsInPerSecond), read((m) => m.numRecordsIn)))
  task.meter(names.NUM_RECORDS_OUT_RATE, meterView(read((m) => m.numRecordsOutPerSecond), read((m) => m.numRecordsOut)))
  task.meter(names.NUM_BYTES_IN_RATE, meterView(read((m) => m.numBytesInPerSecond), read((m) => m.numBytesIn)))
  task.meter(names.NUM_BYTES_OUT_RATE, meterView(read((m) => m.numBytesOutPerSecond), read((m) => m.numBytesOut)))
  task.gauge(names.BUSY_TIME, gauge(read((m) => m.busyTimeMsPerSecond)))
  task.gauge(names.IDLE_TIME, gauge(read((m) => m.idleTimeMsPerSecond)))
  task.gauge(names.BACK_PRESSURED_TIME, gauge(read((m) => m.backPressuredTimeMsPerSecond)))
  task.gauge(names.ACC_BUSY_TIME, gauge(read((m) => m.accumulateBusyTimeMs)))
  task.gauge(names.ACC_IDLE_TIME, gauge(read((m) => m.accumulateIdleTimeMs)))
  task.gauge(names.ACC_BACK_PRESSURED_TIME, gauge(read((m) => m.accumulateBackPressuredTimeMs)))
  task.gauge(names.CURRENT_INPUT_WATERMARK, gauge(read((m) => watermark(m.currentInputWatermark))))
  const inPoolUsage = gauge(read((m) => m.inPoolUsage))
  const outPoolUsage = gauge(read((m) => m.outPoolUsage))
  task.addGroup(...names.SHUFFLE_NETTY_INPUT_BUFFERS_GROUP).gauge(names.IN_POOL_USAGE, inPoolUsage)
  task.addGroup(...names.SHUFFLE_NETTY_OUTPUT_BUFFERS_GROUP).gauge(names.OUT_POOL_USAGE, outPoolUsage)
  task.addGroup(...names.DEPRECATED_BUFFERS_GROUP).gauge(names.IN_POOL_USAGE, inPoolUsage)
  task.addGroup(...names.DEPRECATED_BUFFERS_GROUP).gauge(names.OUT_POOL_USAGE, outPoolUsage)
}

function registerCheckpointMetrics(group: MetricGroup, read: () => MonitoredCheckpointMetrics): void {
  for (const name of checkpointMetricValues(read()).keys()) group.gauge(name, gauge(() => checkpointMetricValues(read()).get(name)))
}

function watermark(ms: number): number {
  if (ms === Number.NEGATIVE_INFINITY) return LONG_MIN_VALUE
  if (ms === Number.POSITIVE_INFINITY) return LONG_MAX_VALUE
  return ms
}

// one index per snapshot: the job replaces its snapshot array when samples arrive, so identity tells freshness
function subtaskLookup(job: MonitoredJob): (vertexId: string, subtaskIndex: number) => MonitoredSubtaskMetrics | undefined {
  let indexed: readonly MonitoredSubtaskMetrics[] | undefined
  let index = new Map<string, MonitoredSubtaskMetrics>()
  return (vertexId, subtaskIndex) => {
    const snapshot = job.metrics()
    if (snapshot !== indexed) {
      index = new Map(snapshot.map((m) => [`${m.vertexId}/${m.subtaskIndex}`, m]))
      indexed = snapshot
    }
    return index.get(`${vertexId}/${subtaskIndex}`)
  }
}
