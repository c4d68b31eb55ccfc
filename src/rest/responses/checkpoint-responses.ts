import type { CheckpointCoordinatorConfiguration } from '../../coordinator/checkpoint/checkpoint-coordinator-configuration.js'
import type {
  CheckpointStatsEntry, CheckpointStatsSnapshot, SubtaskCheckpointEntry, VertexCheckpointStats,
} from '../../coordinator/checkpoint/checkpoint-stats-snapshot.js'
import type { StatsSummarySnapshot } from '../../coordinator/checkpoint/stats-summary.js'
import { LONG_MAX, orMinusOne, type FlinkJson } from '../messages/flink-json.js'

/** Flink's StatsSummaryDto: min/max/avg are longs (0 without data), percentiles doubles ("NaN" without data). */
export function statsSummaryOf(summary: StatsSummarySnapshot): FlinkJson {
  const long = (value: number) => (Number.isNaN(value) ? 0 : Math.round(value))
  return {
    min: long(summary.min),
    max: long(summary.max),
    avg: long(summary.avg),
    p50: summary.p50,
    p90: summary.p90,
    p95: summary.p95,
    p99: summary.p99,
    p999: summary.p999,
  }
}

const ZERO_SUMMARY: FlinkJson = { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 }

/** `/jobs/:jobid/checkpoints` (Flink's CheckpointingStatistics). */
export function checkpointingStatisticsOf(snapshot: CheckpointStatsSnapshot): FlinkJson {
  const { counts, summary, latest } = snapshot
  return {
    counts: { restored: counts.restored, total: counts.total, in_progress: counts.inProgress, completed: counts.completed, failed: counts.failed },
    summary: {
      checkpointed_size: statsSummaryOf(summary.checkpointedSizeBytes),
      state_size: statsSummaryOf(summary.stateSizeBytes),
      end_to_end_duration: statsSummaryOf(summary.endToEndDurationMs),
      // deprecated in Flink and always zero there too
      alignment_buffered: ZERO_SUMMARY,
      processed_data: statsSummaryOf(summary.processedDataBytes),
      persisted_data: statsSummaryOf(summary.persistedDataBytes),
    },
    latest: {
      completed: latest.completed === undefined ? null : checkpointStatisticsOf(latest.completed, false),
      savepoint: latest.savepoint === undefined ? null : checkpointStatisticsOf(latest.savepoint, false),
      failed: latest.failed === undefined ? null : checkpointStatisticsOf(latest.failed, false),
      restored: latest.restored === undefined ? null : {
        id: latest.restored.checkpointId,
        restore_timestamp: Math.round(latest.restored.restoreTimestampMs),
        is_savepoint: latest.restored.isSavepoint,
        external_path: latest.restored.externalPath ?? null,
      },
    },
    history: snapshot.history.map((entry) => checkpointStatisticsOf(entry, false)),
  }
}

/**
 * One checkpoint (Flink's polymorphic CheckpointStatistics, `className` completed / failed / in_progress); `tasks` is
 * empty in lists and filled per vertex in `/checkpoints/details/:checkpointid`.
 */
export function checkpointStatisticsOf(entry: CheckpointStatsEntry, withTasks: boolean): FlinkJson {
  const base = {
    className: entry.status === 'COMPLETED' ? 'completed' : entry.status === 'FAILED' ? 'failed' : 'in_progress',
    id: entry.checkpointId,
    status: entry.status,
    is_savepoint: entry.isSavepoint,
    savepointFormat: entry.isSavepoint ? 'CANONICAL' : null,
    trigger_timestamp: Math.round(entry.triggerTimestampMs),
    latest_ack_timestamp: orMinusOne(entry.latestAckTimestampMs),
    checkpointed_size: entry.checkpointedSizeBytes,
    state_size: entry.stateSizeBytes,
    end_to_end_duration: orMinusOne(entry.endToEndDurationMs),
    alignment_buffered: 0,
    processed_data: entry.processedDataBytes,
    persisted_data: entry.persistedDataBytes,
    num_subtasks: entry.numSubtasks,
    num_acknowledged_subtasks: entry.numAcknowledgedSubtasks,
    checkpoint_type: entry.isSavepoint ? 'SAVEPOINT' : entry.isUnaligned ? 'UNALIGNED_CHECKPOINT' : 'CHECKPOINT',
    tasks: withTasks ? Object.fromEntries(Object.entries(entry.perVertex).map(([vertexId, stats]) => [vertexId, taskCheckpointStatisticsOf(entry, stats)])) : {},
  }
  switch (entry.status) {
    case 'COMPLETED':
      return { ...base, external_path: entry.externalPath ?? null, discarded: false }
    case 'FAILED':
      return { ...base, failure_timestamp: orMinusOne(entry.failureTimestampMs), failure_message: entry.failureMessage ?? null }
    case 'IN_PROGRESS':
      return base
  }
}

/** One vertex of one checkpoint (Flink's TaskCheckpointStatistics). */
function taskCheckpointStatisticsOf(entry: CheckpointStatsEntry, stats: VertexCheckpointStats): Record<string, FlinkJson> {
  return {
    id: entry.checkpointId,
    status: entry.status,
    latest_ack_timestamp: orMinusOne(stats.latestAckTimestampMs),
    checkpointed_size: stats.checkpointedSizeBytes,
    state_size: stats.stateSizeBytes,
    end_to_end_duration: orMinusOne(stats.endToEndDurationMs),
    alignment_buffered: 0,
    processed_data: stats.processedDataBytes,
    persisted_data: stats.persistedDataBytes,
    num_subtasks: stats.numSubtasks,
    num_acknowledged_subtasks: stats.numAcknowledgedSubtasks,
  }
}

/** `/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid` (Flink's TaskCheckpointStatisticsWithSubtaskDetails). */
export function taskCheckpointStatisticsWithSubtasksOf(entry: CheckpointStatsEntry, stats: VertexCheckpointStats): FlinkJson {
  const s = stats.summary
  return {
    ...taskCheckpointStatisticsOf(entry, stats),
    summary: {
      checkpointed_size: statsSummaryOf(s.checkpointedSizeBytes),
      state_size: statsSummaryOf(s.stateSizeBytes),
      end_to_end_duration: statsSummaryOf(s.endToEndDurationMs),
      checkpoint_duration: { sync: statsSummaryOf(s.syncDurationMs), async: statsSummaryOf(s.asyncDurationMs) },
      alignment: {
        buffered: ZERO_SUMMARY,
        processed: statsSummaryOf(s.processedInFlightBytes),
        persisted: statsSummaryOf(s.persistedInFlightBytes),
        duration: statsSummaryOf(s.alignmentDurationMs),
      },
      start_delay: statsSummaryOf(s.startDelayMs),
    },
    subtasks: stats.subtasks.map((subtask, index) => subtaskCheckpointStatisticsOf(subtask, index)),
  }
}

function subtaskCheckpointStatisticsOf(subtask: SubtaskCheckpointEntry, index: number): FlinkJson {
  if (subtask.status === 'PENDING') return { className: 'pending', index: subtask.subtaskIndex, status: 'pending_or_failed' }
  return {
    className: 'completed',
    index: subtask.subtaskIndex ?? index,
    status: 'completed',
    // Flink's are longs (ms, bytes); workers measure fractional milliseconds
    ack_timestamp: Math.round(subtask.ackTimestampMs),
    end_to_end_duration: Math.round(subtask.endToEndDurationMs),
    checkpointed_size: subtask.checkpointedSizeBytes,
    state_size: subtask.stateSizeBytes,
    checkpoint: { sync: Math.round(subtask.syncDurationMs), async: Math.round(subtask.asyncDurationMs) },
    alignment: { buffered: 0, processed: subtask.processedInFlightBytes, persisted: subtask.persistedInFlightBytes, duration: Math.round(subtask.alignmentDurationMs) },
    start_delay: Math.round(subtask.startDelayMs),
    unaligned_checkpoint: subtask.isUnaligned,
    aborted: false,
  }
}

/** `/jobs/:jobid/checkpoints/config` (Flink's CheckpointConfigInfo). */
export function checkpointConfigOf(configuration: CheckpointCoordinatorConfiguration, stateBackendName: string): FlinkJson {
  const retention = configuration.externalizedRetention
  return {
    mode: configuration.mode === 'EXACTLY_ONCE' ? 'exactly_once' : 'at_least_once',
    // Flink's DISABLED_CHECKPOINT_INTERVAL when periodic checkpoints are off
    interval: configuration.intervalMs ?? LONG_MAX,
    timeout: configuration.timeoutMs,
    min_pause: configuration.minPauseMs,
    max_concurrent: configuration.maxConcurrent,
    externalization: {
      enabled: retention !== 'NO_EXTERNALIZED_CHECKPOINTS',
      delete_on_cancellation: retention !== 'RETAIN_ON_CANCELLATION',
    },
    state_backend: stateBackendName,
    checkpoint_storage: configuration.checkpointsDir === undefined ? 'JobManagerCheckpointStorage' : 'FileSystemCheckpointStorage',
    unaligned_checkpoints: configuration.isUnaligned,
    tolerable_failed_checkpoints: configuration.tolerableFailures,
    aligned_checkpoint_timeout: configuration.alignedCheckpointTimeoutMs,
    checkpoints_after_tasks_finish: true,
    state_changelog_enabled: false,
    changelog_storage: null,
    changelog_periodic_materialization_interval: 600_000,
  }
}
