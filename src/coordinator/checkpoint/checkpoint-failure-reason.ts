/**
 * Why a checkpoint was not taken or did not complete: a subset of Flink's CheckpointFailureReason with its messages.
 * `isPreFlight`: the checkpoint was refused before it was triggered (no id, nothing in the stats history).
 * `isCountedAsFailure`: counts toward `execution.checkpointing.tolerable-failed-checkpoints`; as in Flink's
 * CheckpointFailureManager only storage errors, declines, timeouts and failures of the asynchronous and finalizing
 * phases count, not failures caused by something else (task or region failover, shutdown, subsumption, throttling).
 */
export const CHECKPOINT_FAILURE_REASONS = {
  MINIMUM_TIME_BETWEEN_CHECKPOINTS: {
    isPreFlight: true, isCountedAsFailure: false,
    message: 'The minimum time between checkpoints is still pending. Checkpoint will be triggered after the minimum time.',
  },
  TOO_MANY_CONCURRENT_CHECKPOINTS: {
    isPreFlight: true, isCountedAsFailure: false,
    message: 'The maximum number of concurrent checkpoints is exceeded.',
  },
  TOO_MANY_CHECKPOINT_REQUESTS: {
    isPreFlight: true, isCountedAsFailure: false,
    message: 'The maximum number of queued checkpoint requests exceeded.',
  },
  IO_EXCEPTION: {
    isPreFlight: true, isCountedAsFailure: true,
    message: 'An Exception occurred while triggering the checkpoint. IO-problem detected.',
  },
  CHECKPOINT_ASYNC_EXCEPTION: {
    isPreFlight: false, isCountedAsFailure: true, message: 'Asynchronous task checkpoint failed.',
  },
  CHECKPOINT_EXPIRED: {
    isPreFlight: false, isCountedAsFailure: true, message: 'Checkpoint expired before completing.',
  },
  CHECKPOINT_SUBSUMED: {
    isPreFlight: false, isCountedAsFailure: false, message: 'Checkpoint has been subsumed.',
  },
  CHECKPOINT_DECLINED: {
    isPreFlight: false, isCountedAsFailure: true, message: 'Checkpoint was declined.',
  },
  CHECKPOINT_DECLINED_TASK_NOT_READY: {
    isPreFlight: false, isCountedAsFailure: false, message: 'Checkpoint was declined (tasks not ready).',
  },
  CHECKPOINT_DECLINED_TASK_CLOSING: {
    isPreFlight: false, isCountedAsFailure: false, message: 'Checkpoint was declined (task is closing).',
  },
  CHECKPOINT_COORDINATOR_SHUTDOWN: {
    isPreFlight: false, isCountedAsFailure: false, message: 'CheckpointCoordinator shutdown.',
  },
  FINALIZE_CHECKPOINT_FAILURE: {
    isPreFlight: false, isCountedAsFailure: true, message: 'Failure to finalize checkpoint.',
  },
  TASK_FAILURE: {
    isPreFlight: false, isCountedAsFailure: false, message: 'Task has failed.',
  },
  JOB_FAILOVER_REGION: {
    isPreFlight: false, isCountedAsFailure: false, message: 'FailoverRegion is cancelling tasks.',
  },
} as const satisfies Record<string, { isPreFlight: boolean; isCountedAsFailure: boolean; message: string }>

/** Why a checkpoint was not taken or did not complete. */
export type CheckpointFailureReason = keyof typeof CHECKPOINT_FAILURE_REASONS

/** Flink's message for a failure reason. */
export function messageOf(reason: CheckpointFailureReason): string {
  return CHECKPOINT_FAILURE_REASONS[reason].message
}

/** Whether a failure for this reason counts toward the tolerable checkpoint failures. */
export function isCountedAsFailure(reason: CheckpointFailureReason): boolean {
  return CHECKPOINT_FAILURE_REASONS[reason].isCountedAsFailure
}
