import { cpus, freemem, totalmem } from 'node:os'
import { isGloballyTerminal } from '../../coordinator/job/job-status.js'
import { RestNotFoundError } from '../../errors.js'
import type { RestContext } from '../rest-context.js'
import type { RestRoute } from '../router.js'
import { metricCollectionOf, requestedMetricNames } from '../responses/metric-responses.js'
import { taskManagerIdOf } from '../responses/vertex-responses.js'
import type { FlinkJson } from '../messages/flink-json.js'
import type { ServedJob } from '../served-job.js'

/** The Flink version Sluice's REST API follows; tools that switch on `flink-version` see the shapes of this one. */
export const FLINK_COMPATIBLE_VERSION = '2.0.0'

/** One worker thread as a TaskManager. */
interface WorkerInfo {
  readonly id: string
  readonly job: ServedJob
  readonly index: number
}

function workersOf(context: RestContext): WorkerInfo[] {
  return [...context.jobs.values()].filter((job) => !isGloballyTerminal(job.jobMaster.status))
    .flatMap((job) => Array.from({ length: job.deployment.numWorkers }, (_, index) => ({ id: taskManagerIdOf(index), job, index })))
}

/** `/config`, `/overview`, `/taskmanagers`, `/taskmanagers/:taskmanagerid/metrics` and `/jobmanager/metrics`. */
export function clusterRoutes(context: RestContext): RestRoute[] {
  return [
    { method: 'GET', path: '/config', handler: () => ({ status: 200, body: dashboardConfigOf(context) }) },
    { method: 'GET', path: '/overview', handler: () => ({ status: 200, body: clusterOverviewOf(context) }) },
    {
      method: 'GET', path: '/taskmanagers', handler: () => ({
        status: 200, body: { taskmanagers: workersOf(context).map((worker) => taskManagerInfoOf(context, worker)) },
      }),
    },
    {
      method: 'GET', path: '/taskmanagers/:taskmanagerid/metrics', handler: (request) => {
        const id = request.pathParameters.taskmanagerid
        const worker = workersOf(context).find((w) => w.id === id)
        if (worker === undefined) throw new RestNotFoundError(`TaskManager ${id} not found`)
        const heapUsed = worker.job.jobMaster.workerHeapUsedBytes().get(worker.index)
        const values = new Map<string, number>([['Status.JVM.Memory.Heap.Used', heapUsed ?? 0]])
        return { status: 200, body: metricCollectionOf(values, requestedMetricNames(request.query)) }
      },
    },
    {
      method: 'GET', path: '/jobmanager/metrics', handler: (request) => ({
        status: 200, body: metricCollectionOf(jobManagerMetricsOf(context), requestedMetricNames(request.query)),
      }),
    },
  ]
}

/** Flink's DashboardConfiguration (`/config`). */
function dashboardConfigOf(context: RestContext): FlinkJson {
  const offsetMinutes = -new Date(context.clock.nowMs()).getTimezoneOffset()
  return {
    'refresh-interval': context.refreshIntervalMs,
    'timezone-name': Intl.DateTimeFormat().resolvedOptions().timeZone,
    'timezone-offset': offsetMinutes * 60_000,
    'flink-version': FLINK_COMPATIBLE_VERSION,
    'flink-revision': 'sluice',
    features: { 'web-submit': false, 'web-cancel': true, 'web-rescale': false, 'web-history': false },
  }
}

/** Flink's ClusterOverview (`/overview`): workers, slots and jobs by status. */
function clusterOverviewOf(context: RestContext): FlinkJson {
  const jobs = [...context.jobs.values()].map((job) => job.jobMaster.status)
  const workers = workersOf(context)
  const slotsTotal = workers.reduce((sum, w) => sum + w.job.deployment.slotsPerWorker, 0)
  const slotsUsed = workers.reduce((sum, w) => sum + usedSlots(w), 0)
  return {
    taskmanagers: workers.length,
    'slots-total': slotsTotal,
    'slots-available': slotsTotal - slotsUsed,
    'jobs-running': jobs.filter((s) => !isGloballyTerminal(s)).length,
    'jobs-finished': jobs.filter((s) => s === 'FINISHED').length,
    'jobs-cancelled': jobs.filter((s) => s === 'CANCELED').length,
    'jobs-failed': jobs.filter((s) => s === 'FAILED').length,
    'flink-version': FLINK_COMPATIBLE_VERSION,
    'flink-commit': 'sluice',
  }
}

/** The JobManager's process metrics under Flink's names, and the cluster's worker and slot counts. */
function jobManagerMetricsOf(context: RestContext): Map<string, number> {
  const process = context.processMetrics.sample()
  const workers = workersOf(context)
  const slotsTotal = workers.reduce((sum, w) => sum + w.job.deployment.slotsPerWorker, 0)
  return new Map<string, number>([
    ['Status.JVM.Memory.Heap.Used', process.heapUsedBytes],
    ['Status.JVM.Memory.Heap.Committed', process.heapCommittedBytes],
    ['Status.JVM.Memory.Heap.Max', process.heapMaxBytes],
    ['Status.JVM.Memory.NonHeap.Used', process.nonHeapUsedBytes],
    ['Status.JVM.CPU.Load', process.cpuLoad],
    ['Status.JVM.CPU.Time', process.cpuTimeNs],
    ['numRegisteredTaskManagers', workers.length],
    ['numRunningJobs', [...context.jobs.values()].filter((job) => !isGloballyTerminal(job.jobMaster.status)).length],
    ['taskSlotsTotal', slotsTotal],
    ['taskSlotsAvailable', slotsTotal - workers.reduce((sum, w) => sum + usedSlots(w), 0)],
  ])
}

/** Slots of a worker that hold a subtask: slot i holds subtask i of every vertex. */
function usedSlots(worker: WorkerInfo): number {
  const { slotsPerWorker } = worker.job.deployment
  const maxParallelism = Math.max(...worker.job.jobMaster.jobGraph.vertices.map((v) => v.parallelism))
  return Math.max(0, Math.min(slotsPerWorker, maxParallelism - worker.index * slotsPerWorker))
}

function taskManagerInfoOf(context: RestContext, worker: WorkerInfo): FlinkJson {
  const slots = worker.job.deployment.slotsPerWorker
  const resource = { cpuCores: 0, taskHeapMemory: 0, taskOffHeapMemory: 0, managedMemory: 0, networkMemory: 0, extendedResources: {} }
  return {
    id: worker.id,
    path: `sluice://${context.endpoint()}/worker/${worker.index}`,
    dataPort: -1,
    jmxPort: -1,
    timeSinceLastHeartbeat: context.clock.nowMs(),
    slotsNumber: slots,
    freeSlots: slots - usedSlots(worker),
    totalResource: resource,
    freeResource: resource,
    // workers are threads of this process: the machine's hardware
    hardware: { cpuCores: cpus().length, physicalMemory: totalmem(), freeMemory: freemem(), managedMemory: 0 },
    memoryConfiguration: {
      frameworkHeap: 0, taskHeap: 0, frameworkOffHeap: 0, taskOffHeap: 0, networkMemory: 0,
      managedMemory: 0, jvmMetaspace: 0, jvmOverhead: 0, totalFlinkMemory: 0, totalProcessMemory: 0,
    },
    blocked: false,
  }
}
