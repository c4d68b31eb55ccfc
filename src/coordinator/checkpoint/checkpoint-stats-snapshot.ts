import type { MonitoredCheckpointMetrics } from '../../metrics/monitored-job.js'
import type { CheckpointCoordinatorConfiguration } from './checkpoint-coordinator-configuration.js'
import type { CheckpointFailureReason } from './checkpoint-failure-reason.js'
import type { StatsSummarySnapshot } from './stats-summary.js'
import type { SubtaskCheckpointStats } from './subtask-checkpoint-stats.js'

/** Where a checkpoint is in its life. */
export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

/** One subtask of a checkpoint: its acknowledgement, or still pending (never acknowledged, if the checkpoint failed). */
export type SubtaskCheckpointEntry =
  | (SubtaskCheckpointStats & { readonly status: 'ACKNOWLEDGED'; readonly endToEndDurationMs: number })
  | { readonly status: 'PENDING'; readonly vertexId: string; readonly subtaskIndex: number }

/** Summaries over one vertex's acknowledged subtasks. */
export interface VertexCheckpointSummary {
  readonly checkpointedSizeBytes: StatsSummarySnapshot
  readonly stateSizeBytes: StatsSummarySnapshot
  readonly endToEndDurationMs: StatsSummarySnapshot
  readonly syncDurationMs: StatsSummarySnapshot
  readonly asyncDurationMs: StatsSummarySnapshot
  readonly alignmentDurationMs: StatsSummarySnapshot
  readonly startDelayMs: StatsSummarySnapshot
  readonly processedInFlightBytes: StatsSummarySnapshot
  readonly persistedInFlightBytes: StatsSummarySnapshot
}

/** One vertex's part of a checkpoint (Flink's TaskStateStats). */
export interface VertexCheckpointStats {
  readonly vertexId: string
  readonly numSubtasks: number
  readonly numAcknowledgedSubtasks: number
  /** Undefined until a subtask acknowledged. */
  readonly latestAckTimestampMs: number | undefined
  /** Latest ack − trigger; undefined until a subtask acknowledged. */
  readonly endToEndDurationMs: number | undefined
  readonly stateSizeBytes: number
  readonly checkpointedSizeBytes: number
  readonly processedDataBytes: number
  readonly persistedDataBytes: number
  readonly summary: VertexCheckpointSummary
  /** Indexed by subtask index. */
  readonly subtasks: readonly SubtaskCheckpointEntry[]
}

/** One checkpoint in the history (Flink's AbstractCheckpointStats and its pending/completed/failed kinds). */
export interface CheckpointStatsEntry {
  readonly checkpointId: number
  readonly status: CheckpointStatus
  readonly isSavepoint: boolean
  /** Whether the checkpoint was triggered unaligned or any subtask switched to unaligned. */
  readonly isUnaligned: boolean
  readonly triggerTimestampMs: number
  /** Undefined until a subtask acknowledged. */
  readonly latestAckTimestampMs: number | undefined
  /** Latest ack − trigger (failure − trigger for a failed checkpoint); undefined while nothing was acknowledged. */
  readonly endToEndDurationMs: number | undefined
  readonly checkpointedSizeBytes: number
  readonly stateSizeBytes: number
  readonly processedDataBytes: number
  readonly persistedDataBytes: number
  readonly numSubtasks: number
  readonly numAcknowledgedSubtasks: number
  /** Set for a completed checkpoint kept outside coordinator memory. */
  readonly externalPath?: string
  readonly completionTimestampMs?: number
  /** Set for a failed checkpoint. */
  readonly failureTimestampMs?: number
  readonly failureReason?: CheckpointFailureReason
  readonly failureMessage?: string
  /** Keyed by vertex id, in the order the vertices were reported. */
  readonly perVertex: Readonly<Record<string, VertexCheckpointStats>>
}

/** The checkpoint a job restored from. */
export interface RestoredCheckpointStats {
  readonly checkpointId: number
  readonly restoreTimestampMs: number
  readonly isSavepoint: boolean
  readonly externalPath: string | undefined
}

/** Counts since the job started (Flink's CheckpointStatsCounts). */
export interface CheckpointStatsCounts {
  readonly restored: number
  /** Every checkpoint triggered, including those that failed before they were in progress. */
  readonly total: number
  readonly inProgress: number
  readonly completed: number
  readonly failed: number
}

/** Summaries over completed checkpoints (Flink's CompletedCheckpointStatsSummary). */
export interface CompletedCheckpointStatsSummary {
  readonly checkpointedSizeBytes: StatsSummarySnapshot
  readonly stateSizeBytes: StatsSummarySnapshot
  readonly endToEndDurationMs: StatsSummarySnapshot
  readonly processedDataBytes: StatsSummarySnapshot
  readonly persistedDataBytes: StatsSummarySnapshot
}

/** The latest checkpoint of each kind. */
export interface LatestCheckpoints {
  /** The latest completed checkpoint that is not a savepoint. */
  readonly completed: CheckpointStatsEntry | undefined
  readonly savepoint: CheckpointStatsEntry | undefined
  readonly failed: CheckpointStatsEntry | undefined
  readonly restored: RestoredCheckpointStats | undefined
}

/** An immutable view of a job's checkpoint statistics, for REST, metrics and the dashboard. */
export interface CheckpointStatsSnapshot {
  readonly counts: CheckpointStatsCounts
  readonly summary: CompletedCheckpointStatsSummary
  readonly latest: LatestCheckpoints
  /** The latest checkpoints, youngest first. */
  readonly history: readonly CheckpointStatsEntry[]
  readonly configuration: CheckpointCoordinatorConfiguration
}

/** The job-level checkpoint metrics Flink's DefaultCheckpointStatsTracker registers; undefined where Flink shows -1 or "n/a". */
export type CheckpointStatsMetrics = MonitoredCheckpointMetrics
