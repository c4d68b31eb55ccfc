/** Flink's JobStatus values that a Sluice job goes through. */
export const JOB_STATUSES = ['CREATED', 'RUNNING', 'RESTARTING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** The legal transitions; anything else is a bug. */
export const JOB_STATUS_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  CREATED: ['RUNNING', 'RESTARTING', 'FAILING', 'CANCELLING'],
  RUNNING: ['FINISHED', 'RESTARTING', 'FAILING', 'CANCELLING'],
  RESTARTING: ['RUNNING', 'FAILING', 'CANCELLING'],
  FAILING: ['FAILED'],
  FAILED: [],
  CANCELLING: ['CANCELED', 'FAILED'],
  CANCELED: [],
  FINISHED: [],
}

/** Whether a job in this status will not change any more. */
export function isGloballyTerminal(status: JobStatus): boolean {
  return status === 'FAILED' || status === 'CANCELED' || status === 'FINISHED'
}
