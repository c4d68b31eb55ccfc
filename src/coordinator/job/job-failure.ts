import { InternalError, SluiceError, describeThrown } from '../../errors.js'
import type { TaskFailure } from '../../protocol/messages.js'

/** Why a job failed: the first failure reported, as the root cause (Flink's root exception). */
export interface JobFailure {
  readonly code: string
  readonly message: string
  readonly domain: 'user' | 'external' | 'internal'
  /** The subtask that failed, when a task failed (not a worker or the deployment). */
  readonly taskName: string | undefined
  readonly operatorName: string | undefined
  readonly stack: string | undefined
  readonly timestampMs: number
  /** False when a restart would fail the same way: the job fails at once, whatever the restart strategy allows. */
  readonly isRecoverable: boolean
}

/** Builds the JobFailure of a task's failure report. */
export function jobFailureOf(failure: Omit<TaskFailure, 'subtask' | 'taskName'> & { taskName?: string }, timestampMs: number): JobFailure {
  return {
    code: failure.code,
    message: failure.message,
    domain: failure.domain,
    taskName: failure.taskName,
    operatorName: failure.operatorName,
    stack: failure.stack,
    timestampMs,
    isRecoverable: failure.isRecoverable,
  }
}

/** The JobFailure of an error the coordinator itself ran into (restore planning, checkpoint storage, a worker's death). */
export function jobFailureFromError(thrown: unknown, timestampMs: number): JobFailure {
  const error = thrown instanceof SluiceError ? thrown : new InternalError(describeThrown(thrown))
  return {
    code: error.code, message: error.message, domain: error.domain, taskName: undefined, operatorName: undefined, stack: undefined, timestampMs,
    isRecoverable: error.isRecoverable,
  }
}
