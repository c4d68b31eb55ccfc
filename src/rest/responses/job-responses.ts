import type { JobEdge, JobGraph } from '../../graph/job-graph.js'
import type { ServedJob } from '../served-job.js'
import { emptyStateCounts, EXECUTION_STATES, executionStateOf, FLINK_JOB_STATUSES } from './execution-state.js'
import type { FlinkJson } from '../messages/flink-json.js'
import { jobVertexSummaryOf } from './vertex-responses.js'

/** Start, end (-1 while running) and duration of a job, ms. */
function jobTimesOf(job: ServedJob, nowMs: number): { start: number; end: number; duration: number } {
  const start = job.jobMaster.startTimeMs
  const end = job.jobMaster.endTimeMs ?? -1
  return { start, end, duration: (end < 0 ? nowMs : end) - start }
}

/** One entry of `/jobs/overview` (Flink's JobDetails; `tasks` keys are lower-case there). */
export function jobOverviewOf(job: ServedJob, nowMs: number): FlinkJson {
  const times = jobTimesOf(job, nowMs)
  const tasks: Record<string, number> = { total: 0 }
  for (const state of EXECUTION_STATES) tasks[state.toLowerCase()] = 0
  for (const vertex of job.jobMaster.jobGraph.vertices) {
    const state = executionStateOf(job, vertex.name).toLowerCase()
    tasks.total! += vertex.parallelism
    tasks[state] = (tasks[state] ?? 0) + vertex.parallelism
  }
  return {
    jid: job.jobId,
    name: job.jobMaster.jobGraph.jobName,
    state: job.jobMaster.status,
    'start-time': times.start,
    'end-time': times.end,
    duration: times.duration,
    'last-modification': job.statusHistory.lastModificationMs,
    tasks,
  }
}

/** `/jobs/:jobid` (Flink's JobDetailsInfo). */
export function jobDetailsOf(job: ServedJob, nowMs: number): FlinkJson {
  const graph = job.jobMaster.jobGraph
  const times = jobTimesOf(job, nowMs)
  const statusCounts = emptyStateCounts()
  for (const vertex of graph.vertices) statusCounts[executionStateOf(job, vertex.name)]++
  return {
    jid: job.jobId,
    name: graph.jobName,
    isStoppable: false,
    state: job.jobMaster.status,
    'job-type': 'STREAMING',
    'start-time': times.start,
    'end-time': times.end,
    duration: times.duration,
    maxParallelism: graph.maxParallelism,
    now: nowMs,
    timestamps: Object.fromEntries(FLINK_JOB_STATUSES.map((status) => [status,
      status === 'CREATED' || status === 'RUNNING' || status === 'FAILING' || status === 'FAILED' || status === 'CANCELLING' ||
      status === 'CANCELED' || status === 'FINISHED' || status === 'RESTARTING' ? job.statusHistory.enteredAtMs(status) ?? 0 : 0])),
    vertices: graph.vertices.map((vertex) => jobVertexSummaryOf(job, vertex, nowMs)),
    'status-counts': statusCounts,
    plan: planOf(job.jobId, graph),
  }
}

/** Flink's JSON plan (JsonPlanGenerator): one node per vertex, inputs as edges from upstream vertices. */
export function planOf(jobId: string, graph: JobGraph): FlinkJson {
  return {
    jid: jobId,
    name: graph.jobName,
    type: 'STREAMING',
    nodes: graph.vertices.map((vertex) => {
      const inputs = vertex.inputs.map((edgeIndex, num) => inputOf(graph.edges[edgeIndex]!, num))
      return {
        id: vertex.id,
        parallelism: vertex.parallelism,
        operator: '',
        operator_strategy: '',
        description: vertex.operators.map((op, i) => `${i === 0 ? '' : '+- '}${escapeHtml(op.node.name)}`).join('<br/>') + '<br/>',
        ...(inputs.length > 0 ? { inputs } : {}),
        optimizer_properties: {},
      }
    }),
  }
}

function inputOf(edge: JobEdge, num: number): FlinkJson {
  return {
    num,
    id: edge.sourceVertexId,
    // StreamPartitioner#toString: FORWARD, HASH, REBALANCE, GLOBAL, BROADCAST
    ship_strategy: edge.partitioner.kind.toUpperCase(),
    exchange: 'pipelined_bounded',
  }
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** `/jobs/:jobid/config` (Flink's JobConfigInfo, custom-serialized as jid/name/execution-config). */
export function jobConfigOf(job: ServedJob): FlinkJson {
  return {
    jid: job.jobId,
    name: job.jobMaster.jobGraph.jobName,
    'execution-config': {
      'restart-strategy': job.config.restartStrategy,
      'job-parallelism': job.config.parallelism,
      'object-reuse-mode': job.config.isObjectReuse,
      'user-config': job.config.userConfig,
    },
  }
}

/** `/jobs/:jobid/exceptions` (Flink 2.0's JobExceptionsInfoWithHistory), the latest `maxExceptions` entries. */
export function jobExceptionsOf(job: ServedJob, maxExceptions: number, endpoint: string): FlinkJson {
  const all = job.exceptions.entries
  const entries = all.slice(0, maxExceptions).map((failure) => ({
    // Flink names the Java exception class; Sluice's stable equivalent is the error code
    exceptionName: failure.code,
    stacktrace: failure.stack === undefined ? failure.message : `${failure.message}\n${failure.stack}`,
    timestamp: failure.timestampMs,
    taskName: failure.taskName ?? null,
    endpoint: failure.taskName === undefined ? null : endpoint,
    taskManagerId: null,
    failureLabels: { domain: failure.domain, ...(failure.operatorName !== undefined ? { operator: failure.operatorName } : {}) },
    concurrentExceptions: [],
  }))
  return { exceptionHistory: { entries, truncated: job.exceptions.isTruncated || all.length > maxExceptions } }
}
