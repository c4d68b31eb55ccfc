import * as names from './metric-names.js'
import type { MonitoredCheckpointMetrics } from './monitored-job.js'

/**
 * The checkpoint gauges of a job as Flink shows them (DefaultCheckpointStatsTracker): long values, -1 before the
 * first completed checkpoint and "n/a" for its path. Reporters and the REST API read them from here.
 */
export function checkpointMetricValues(m: MonitoredCheckpointMetrics): Map<string, number | string> {
  const orMinusOne = (value: number | undefined): number => (value === undefined ? -1 : Math.round(value))
  return new Map<string, number | string>([
    [names.TOTAL_NUMBER_OF_CHECKPOINTS, m.totalNumberOfCheckpoints],
    [names.NUMBER_OF_IN_PROGRESS_CHECKPOINTS, m.numberOfInProgressCheckpoints],
    [names.NUMBER_OF_COMPLETED_CHECKPOINTS, m.numberOfCompletedCheckpoints],
    [names.NUMBER_OF_FAILED_CHECKPOINTS, m.numberOfFailedCheckpoints],
    [names.LAST_CHECKPOINT_DURATION, orMinusOne(m.lastCheckpointDuration)],
    [names.LAST_CHECKPOINT_SIZE, orMinusOne(m.lastCheckpointSize)],
    [names.LAST_CHECKPOINT_FULL_SIZE, orMinusOne(m.lastCheckpointFullSize)],
    [names.LAST_CHECKPOINT_PROCESSED_DATA, orMinusOne(m.lastCheckpointProcessedData)],
    [names.LAST_CHECKPOINT_PERSISTED_DATA, orMinusOne(m.lastCheckpointPersistedData)],
    [names.LAST_CHECKPOINT_EXTERNAL_PATH, m.lastCheckpointExternalPath ?? 'n/a'],
    [names.LAST_COMPLETED_CHECKPOINT_ID, orMinusOne(m.lastCompletedCheckpointId)],
    [names.LAST_CHECKPOINT_COMPLETED_TIMESTAMP, orMinusOne(m.lastCheckpointCompletedTimestamp)],
    [names.LAST_CHECKPOINT_RESTORE_TIMESTAMP, orMinusOne(m.lastCheckpointRestoreTimestamp)],
  ])
}
