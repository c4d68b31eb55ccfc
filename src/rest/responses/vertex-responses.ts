import type { SubtaskMetrics } from '../../coordinator/metrics/subtask-metrics.js'
import type { JobVertex } from '../../graph/job-graph.js'
import type { ServedJob } from '../served-job.js'
import { emptyStateCounts, executionStateOf, type ExecutionState } from './execution-state.js'
import type { FlinkJson } from '../messages/flink-json.js'

/** The id of worker `index` as a TaskManager id (Flink's opaque ResourceID). */
export function taskManagerIdOf(workerIndex: number): string {
  return `worker-${workerIndex}`
}

/** Start, end and duration of a vertex (ms; -1 while not started or not ended), from the job's status history. */
export function vertexTimesOf(job: ServedJob, nowMs: number): { start: number; end: number; duration: number } {
  const start = job.statusHistory.enteredAtMs('RUNNING') ?? -1
  const end = job.jobMaster.endTimeMs ?? -1
  const duration = start < 0 ? -1 : (end < 0 ? nowMs : end) - start
  return { start, end, duration }
}

/** Flink's IOMetricsInfo over some subtasks' metrics; `*-complete` is false when a subtask has not reported yet. */
export function ioMetricsOf(metrics: readonly SubtaskMetrics[], expectedSubtasks: number): FlinkJson {
  const sum = (pick: (m: SubtaskMetrics) => number): number => metrics.reduce((total, m) => total + pick(m), 0)
  const isComplete = metrics.length >= expectedSubtasks
  return {
    'read-bytes': sum((m) => m.numBytesIn),
    'read-bytes-complete': isComplete,
    'write-bytes': sum((m) => m.numBytesOut),
    'write-bytes-complete': isComplete,
    'read-records': sum((m) => m.numRecordsIn),
    'read-records-complete': isComplete,
    'write-records': sum((m) => m.numRecordsOut),
    'write-records-complete': isComplete,
    // longs in Flink, except busy time, a double
    'accumulated-backpressured-time': Math.round(sum((m) => m.accumulateBackPressuredTimeMs)),
    'accumulated-idle-time': Math.round(sum((m) => m.accumulateIdleTimeMs)),
    'accumulated-busy-time': sum((m) => m.accumulateBusyTimeMs),
  }
}

/** The latest metrics of one vertex's subtasks, by subtask index. */
export function vertexMetricsOf(job: ServedJob, vertexId: string): SubtaskMetrics[] {
  return job.jobMaster.metrics().filter((m) => m.vertexId === vertexId).sort((a, b) => a.subtaskIndex - b.subtaskIndex)
}

/** One entry of `/jobs/:jobid`'s `vertices` (Flink's JobVertexDetailsInfo inside JobDetailsInfo). */
export function jobVertexSummaryOf(job: ServedJob, vertex: JobVertex, nowMs: number): FlinkJson {
  const state = executionStateOf(job, vertex.name)
  const times = vertexTimesOf(job, nowMs)
  const tasks = emptyStateCounts()
  tasks[state] = vertex.parallelism
  return {
    id: vertex.id,
    // every vertex is in the default slot sharing group (slot i holds subtask i of every vertex)
    slotSharingGroupId: [...job.jobId].reverse().join(''),
    name: vertex.name,
    maxParallelism: vertex.maxParallelism,
    parallelism: vertex.parallelism,
    status: state,
    'start-time': times.start,
    'end-time': times.end,
    duration: times.duration,
    tasks,
    metrics: ioMetricsOf(vertexMetricsOf(job, vertex.id), vertex.parallelism),
  }
}

/** `/jobs/:jobid/vertices/:vertexid` (Flink's JobVertexDetailsInfo). */
export function vertexDetailsOf(job: ServedJob, vertex: JobVertex, nowMs: number, endpoint: string): FlinkJson {
  const state: ExecutionState = executionStateOf(job, vertex.name)
  const times = vertexTimesOf(job, nowMs)
  const metrics = vertexMetricsOf(job, vertex.id)
  const subtasks: FlinkJson[] = Array.from({ length: vertex.parallelism }, (_, subtaskIndex): FlinkJson => {
    const own = metrics.filter((m) => m.subtaskIndex === subtaskIndex)
    const statusDuration = Object.fromEntries(Object.keys(emptyStateCounts()).map((s) => [s, s === state && times.start >= 0 ? times.duration : 0]))
    return {
      subtask: subtaskIndex,
      status: state,
      attempt: job.jobMaster.numRestarts,
      endpoint,
      'start-time': times.start,
      start_time: times.start,
      'end-time': times.end,
      duration: times.duration,
      metrics: ioMetricsOf(own, 1),
      'taskmanager-id': taskManagerIdOf(job.workerOf(subtaskIndex)),
      'status-duration': statusDuration,
    }
  })
  const aggregate = (values: readonly number[]) => aggregatedOf(values)
  return {
    id: vertex.id,
    name: vertex.name,
    parallelism: vertex.parallelism,
    maxParallelism: vertex.maxParallelism,
    now: nowMs,
    subtasks,
    aggregated: {
      metrics: {
        'read-bytes': aggregate(metrics.map((m) => m.numBytesIn)),
        'write-bytes': aggregate(metrics.map((m) => m.numBytesOut)),
        'read-records': aggregate(metrics.map((m) => m.numRecordsIn)),
        'write-records': aggregate(metrics.map((m) => m.numRecordsOut)),
        'accumulated-backpressured-time': aggregate(metrics.map((m) => m.accumulateBackPressuredTimeMs)),
        'accumulated-idle-time': aggregate(metrics.map((m) => m.accumulateIdleTimeMs)),
        'accumulated-busy-time': aggregate(metrics.map((m) => m.accumulateBusyTimeMs)),
      },
      'status-duration': Object.fromEntries(['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING']
        .map((s) => [s, aggregate(s === state && times.start >= 0 ? Array(vertex.parallelism).fill(times.duration) : [])])),
    },
  }
}

/** Flink's AggregatedTaskDetailsInfo statistics of one value over subtasks (longs; 0 when there are none). */
function aggregatedOf(values: readonly number[]): FlinkJson {
  if (values.length === 0) return { min: 0, max: 0, avg: 0, sum: 0, median: 0, p25: 0, p75: 0, p95: 0 }
  const sorted = [...values].sort((a, b) => a - b)
  const sum = sorted.reduce((a, b) => a + b, 0)
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!)
  return {
    min: Math.round(sorted[0]!),
    max: Math.round(sorted[sorted.length - 1]!),
    avg: Math.round(sum / sorted.length),
    sum: Math.round(sum),
    median: at(50),
    p25: at(25),
    p75: at(75),
    p95: at(95),
  }
}
