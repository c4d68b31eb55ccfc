import type { JobStatus } from '../../coordinator/job/job-status.js'
import type { ServedJob } from '../served-job.js'

/** Flink's ExecutionState values, in Flink's order. */
export const EXECUTION_STATES = ['CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED', 'RECONCILING', 'INITIALIZING'] as const
export type ExecutionState = (typeof EXECUTION_STATES)[number]

/** Flink's JobStatus values (Sluice's are a subset), for the `timestamps` map. */
export const FLINK_JOB_STATUSES = ['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING'] as const

/**
 * The state of a vertex's subtasks, derived from the job status: the coordinator deploys, restarts and stops all
 * subtasks of an attempt together, so they share one state; when the job failed, the vertex whose task failed is
 * FAILED and the others CANCELED, as in Flink.
 */
export function executionStateOf(job: ServedJob, vertexName: string): ExecutionState {
  const status: JobStatus = job.jobMaster.status
  switch (status) {
    case 'CREATED':
    case 'RESTARTING':
      return 'DEPLOYING'
    case 'RUNNING':
      return 'RUNNING'
    case 'FINISHED':
      return 'FINISHED'
    case 'FAILING':
    case 'CANCELLING':
      return 'CANCELING'
    case 'CANCELED':
      return 'CANCELED'
    case 'FAILED':
      return job.jobMaster.failure?.taskName?.startsWith(vertexName) === true ? 'FAILED' : 'CANCELED'
  }
}

/** A map with every ExecutionState as key (UPPERCASE, as Flink's job details write it) and 0 as value. */
export function emptyStateCounts(): Record<ExecutionState, number> {
  return Object.fromEntries(EXECUTION_STATES.map((state) => [state, 0])) as Record<ExecutionState, number>
}
