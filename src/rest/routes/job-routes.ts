import { isGloballyTerminal } from '../../coordinator/job/job-status.js'
import { jobConfigOf, jobDetailsOf, jobExceptionsOf, jobOverviewOf, planOf } from '../responses/job-responses.js'
import { checkpointMetricValues } from '../../metrics/checkpoint-metric-values.js'
import { latencyMetricValues, metricCollectionOf, requestedMetricNames } from '../responses/metric-responses.js'
import type { ServedJob } from '../served-job.js'
import { RestBadRequestError } from '../../errors.js'
import { jobOf, type RestContext } from '../rest-context.js'
import type { RestRoute } from '../router.js'

/** Flink's JobExceptionsHandler.MAX_NUMBER_EXCEPTION_TO_REPORT, the default of `maxExceptions`. */
const DEFAULT_MAX_EXCEPTIONS = 20

/** `/jobs`, `/jobs/overview`, `/jobs/:jobid` (GET, and PATCH to cancel), its plan, config, exceptions and job metrics. */
export function jobRoutes(context: RestContext): RestRoute[] {
  const now = () => context.clock.nowMs()
  return [
    {
      method: 'GET', path: '/jobs', handler: () => ({
        status: 200, body: { jobs: [...context.jobs.values()].map((job) => ({ id: job.jobId, status: job.jobMaster.status })) },
      }),
    },
    {
      method: 'GET', path: '/jobs/overview', handler: () => ({
        status: 200, body: { jobs: [...context.jobs.values()].map((job) => jobOverviewOf(job, now())) },
      }),
    },
    { method: 'GET', path: '/jobs/:jobid', handler: (request) => ({ status: 200, body: jobDetailsOf(jobOf(context, request), now()) }) },
    {
      method: 'PATCH', path: '/jobs/:jobid', handler: (request) => {
        const job = jobOf(context, request)
        const mode = request.query.get('mode') ?? 'cancel'
        if (mode !== 'cancel') throw new RestBadRequestError(`Bad request, could not parse parameter mode: '${mode}'; Sluice supports mode=cancel (use POST /jobs/:jobid/stop to stop with a savepoint).`)
        // 202 once cancelling started, as Flink: the job reaches CANCELED shortly after
        void job.jobMaster.cancel()
        return { status: 202, body: {} }
      },
    },
    { method: 'GET', path: '/jobs/:jobid/status', handler: (request) => ({ status: 200, body: { status: jobOf(context, request).jobMaster.status } }) },
    {
      method: 'GET', path: '/jobs/:jobid/plan', handler: (request) => {
        const job = jobOf(context, request)
        return { status: 200, body: { plan: planOf(job.jobId, job.jobMaster.jobGraph) } }
      },
    },
    { method: 'GET', path: '/jobs/:jobid/config', handler: (request) => ({ status: 200, body: jobConfigOf(jobOf(context, request)) }) },
    {
      method: 'GET', path: '/jobs/:jobid/exceptions', handler: (request) => {
        const raw = request.query.get('maxExceptions')
        if (raw !== null && !/^\d{1,9}$/.test(raw)) throw new RestBadRequestError(`Bad request, could not parse parameter maxExceptions: '${raw}' is not a whole number.`)
        return { status: 200, body: jobExceptionsOf(jobOf(context, request), raw === null ? DEFAULT_MAX_EXCEPTIONS : Number(raw), context.endpoint()) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/metrics', handler: (request) => ({
        status: 200, body: metricCollectionOf(jobMetricValues(jobOf(context, request), now()), requestedMetricNames(request.query)),
      }),
    },
  ]
}

/**
 * The job-scope metrics Flink's JobManager registers: uptime (ms since RUNNING, -1 once ended), restarts, and the
 * checkpoint gauges of DefaultCheckpointStatsTracker (-1 / "n/a" before the first completed checkpoint).
 */
export function jobMetricValues(job: ServedJob, nowMs: number): Map<string, number | string> {
  const master = job.jobMaster
  const runningSince = master.status === 'RUNNING' ? job.statusHistory.enteredAtMs('RUNNING') : undefined
  const values = new Map<string, number | string>([
    ['uptime', isGloballyTerminal(master.status) ? -1 : runningSince === undefined ? 0 : nowMs - runningSince],
    ['downtime', 0],
    ['restartingTime', master.status === 'RESTARTING' ? nowMs - (job.statusHistory.enteredAtMs('RESTARTING') ?? nowMs) : 0],
    ['numRestarts', master.numRestarts],
    ['fullRestarts', master.numRestarts],
  ])
  const checkpoints = master.checkpointStats?.metrics()
  if (checkpoints !== undefined) for (const [name, value] of checkpointMetricValues(checkpoints)) values.set(name, value)
  for (const [name, value] of latencyMetricValues(master.latencyHistograms())) values.set(name, value)
  return values
}
