import type { Clock } from '../util/clock.js'
import type { ServedJob } from './served-job.js'
import type { ProcessMetricsProvider } from './process-metrics-provider.js'
import { RestBadRequestError, RestNotFoundError } from '../errors.js'
import type { RestRequest } from './router.js'

/** What every route reads: the jobs of this process and a few facts about it. */
export interface RestContext {
  readonly jobs: ReadonlyMap<string, ServedJob>
  readonly clock: Clock
  readonly processMetrics: ProcessMetricsProvider
  /** web.refresh-interval, ms. */
  readonly refreshIntervalMs: number
  /** `host:port` of the REST server, Sluice's stand-in for a TaskManager's endpoint (workers are threads of this process). */
  readonly endpoint: () => string
}

const HEX_ID = /^[0-9a-f]{32}$/

/** A 32-hex-character id path parameter (JobID, JobVertexID, TriggerId); 400 when it does not parse, as in Flink. */
export function hexIdParameter(request: RestRequest, name: string): string {
  const value = request.pathParameters[name] ?? ''
  if (!HEX_ID.test(value)) {
    throw new RestBadRequestError(`Bad request, could not parse parameter ${name}: '${value}' is not 32 lower-case hexadecimal characters.`)
  }
  return value
}

/** A whole-number path parameter (a checkpoint id); 400 when it does not parse. */
export function integerParameter(request: RestRequest, name: string): number {
  const value = request.pathParameters[name] ?? ''
  if (!/^\d{1,15}$/.test(value)) throw new RestBadRequestError(`Bad request, could not parse parameter ${name}: '${value}' is not a whole number.`)
  return Number(value)
}

/** The job the request names; 404 naming the id when this process has no such job. */
export function jobOf(context: RestContext, request: RestRequest): ServedJob {
  const jobId = hexIdParameter(request, 'jobid')
  const job = context.jobs.get(jobId)
  if (job === undefined) throw new RestNotFoundError(`Job ${jobId} not found`)
  return job
}
