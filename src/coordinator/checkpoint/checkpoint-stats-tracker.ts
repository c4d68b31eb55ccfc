import type { SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointCoordinatorConfiguration } from './checkpoint-coordinator-configuration.js'
import { messageOf, type CheckpointFailureReason } from './checkpoint-failure-reason.js'
import type {
  CheckpointStatsEntry, CheckpointStatsMetrics, CheckpointStatsSnapshot, RestoredCheckpointStats,
} from './checkpoint-stats-snapshot.js'
import { PendingCheckpointStats, type CheckpointStatsOutcome } from './pending-checkpoint-stats.js'
import { DEFAULT_STATS_WINDOW_SIZE, StatsSummary } from './stats-summary.js'
import type { SubtaskCheckpointStats } from './subtask-checkpoint-stats.js'

/** Checkpoints kept in the history by default (Flink's `web.checkpoints.history`). */
export const DEFAULT_CHECKPOINT_HISTORY_SIZE = 10

/** A checkpoint that was just triggered, as the tracker needs it. */
export interface TriggeredCheckpoint {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  readonly isUnaligned: boolean
  readonly triggerTimestampMs: number
  readonly subtasksToAcknowledge: readonly SubtaskKey[]
}

/**
 * Tracks a job's checkpoints (triggered, acknowledged, completed, failed, restored) and publishes them as frozen
 * CheckpointStatsSnapshots (Flink's DefaultCheckpointStatsTracker). Only the coordinator reports; REST, metrics
 * and the dashboard read snapshots, which a later report never changes.
 */
export class CheckpointStatsTracker {
  readonly #configuration: CheckpointCoordinatorConfiguration
  readonly #historySize: number
  // every checkpoint still in progress, also those that fell out of the history
  readonly #inProgress = new Map<number, PendingCheckpointStats>()
  // the latest #historySize checkpoints, oldest first
  #history: PendingCheckpointStats[] = []
  readonly #summary: {
    readonly checkpointedSizeBytes: StatsSummary
    readonly stateSizeBytes: StatsSummary
    readonly endToEndDurationMs: StatsSummary
    readonly processedDataBytes: StatsSummary
    readonly persistedDataBytes: StatsSummary
  }

  #numRestored = 0
  #numTotal = 0
  #numCompleted = 0
  #numFailed = 0
  #latestCompleted: CheckpointStatsEntry | undefined
  #latestSavepoint: CheckpointStatsEntry | undefined
  #latestFailed: CheckpointStatsEntry | undefined
  // completed checkpoint or savepoint, for the lastCheckpoint* metrics (Flink's gauges do not tell them apart)
  #latestCompletedOfAnyKind: CheckpointStatsEntry | undefined
  #latestRestored: RestoredCheckpointStats | undefined
  #snapshot: CheckpointStatsSnapshot | undefined
  #metrics: CheckpointStatsMetrics | undefined

  constructor(configuration: CheckpointCoordinatorConfiguration,
    options: { readonly historySize?: number; readonly summaryWindowSize?: number } = {}) {
    this.#configuration = Object.freeze({ ...configuration })
    this.#historySize = options.historySize ?? DEFAULT_CHECKPOINT_HISTORY_SIZE
    const windowSize = options.summaryWindowSize ?? DEFAULT_STATS_WINDOW_SIZE
    this.#summary = {
      checkpointedSizeBytes: new StatsSummary(windowSize),
      stateSizeBytes: new StatsSummary(windowSize),
      endToEndDurationMs: new StatsSummary(windowSize),
      processedDataBytes: new StatsSummary(windowSize),
      persistedDataBytes: new StatsSummary(windowSize),
    }
  }

  /** A checkpoint was triggered and is now in progress. */
  reportPendingCheckpoint(checkpoint: TriggeredCheckpoint): void {
    const stats = new PendingCheckpointStats(checkpoint)
    this.#inProgress.set(checkpoint.checkpointId, stats)
    this.#history.push(stats)
    if (this.#history.length > this.#historySize) this.#history = this.#history.slice(-this.#historySize)
    this.#numTotal++
    this.#changed()
  }

  /** A subtask acknowledged; false (and ignored) when no in-progress checkpoint awaits this acknowledgement. */
  reportSubtaskStats(stats: SubtaskCheckpointStats): boolean {
    const isRecorded = this.#inProgress.get(stats.checkpointId)?.reportSubtaskStats(stats) ?? false
    if (isRecorded) this.#changed()
    return isRecorded
  }

  /** An in-progress checkpoint completed; false when it is not in progress. */
  reportCompletedCheckpoint(checkpointId: number, completion: {
    readonly completionTimestampMs: number
    readonly externalPath: string | undefined
  }): boolean {
    const stats = this.#end(checkpointId, { status: 'COMPLETED', ...completion })
    if (stats === undefined) return false
    this.#numCompleted++
    const entry = stats.toEntry()
    this.#summary.checkpointedSizeBytes.add(entry.checkpointedSizeBytes)
    this.#summary.stateSizeBytes.add(entry.stateSizeBytes)
    this.#summary.endToEndDurationMs.add(entry.endToEndDurationMs ?? 0)
    this.#summary.processedDataBytes.add(entry.processedDataBytes)
    this.#summary.persistedDataBytes.add(entry.persistedDataBytes)
    if (entry.isSavepoint) this.#latestSavepoint = entry
    else this.#latestCompleted = entry
    this.#latestCompletedOfAnyKind = entry
    return true
  }

  /** An in-progress checkpoint failed; false when it is not in progress. */
  reportFailedCheckpoint(checkpointId: number, failure: {
    readonly failureTimestampMs: number
    readonly reason: CheckpointFailureReason
    /** Detail beyond the reason's message. */
    readonly detail?: string
  }): boolean {
    const message = messageOf(failure.reason) + (failure.detail !== undefined ? ` ${failure.detail}` : '')
    const stats = this.#end(checkpointId, {
      status: 'FAILED', failureTimestampMs: failure.failureTimestampMs, reason: failure.reason, message,
    })
    if (stats === undefined) return false
    this.#numFailed++
    this.#latestFailed = stats.toEntry()
    return true
  }

  /** A checkpoint failed before it was in progress (e.g. its trigger failed): it counts, but has no history entry. */
  reportFailedCheckpointWithoutInProgress(): void {
    this.#numTotal++
    this.#numFailed++
    this.#changed()
  }

  /** The job restored from a checkpoint or savepoint. */
  reportRestoredCheckpoint(restored: RestoredCheckpointStats): void {
    this.#numRestored++
    this.#latestRestored = Object.freeze({ ...restored })
    this.#changed()
  }

  /** The statistics now, frozen throughout; the same object until the next report. */
  snapshot(): CheckpointStatsSnapshot {
    this.#snapshot ??= this.#buildSnapshot()
    return this.#snapshot
  }

  /** The job-level checkpoint metric values Flink registers, frozen. */
  metrics(): CheckpointStatsMetrics {
    this.#metrics ??= this.#buildMetrics()
    return this.#metrics
  }

  #end(checkpointId: number, outcome: CheckpointStatsOutcome): PendingCheckpointStats | undefined {
    const stats = this.#inProgress.get(checkpointId)
    if (stats === undefined || !stats.end(outcome)) return undefined
    this.#inProgress.delete(checkpointId)
    this.#changed()
    return stats
  }

  #changed(): void {
    this.#snapshot = undefined
    this.#metrics = undefined
  }

  #buildSnapshot(): CheckpointStatsSnapshot {
    return Object.freeze({
      counts: Object.freeze({
        restored: this.#numRestored,
        total: this.#numTotal,
        inProgress: this.#inProgress.size,
        completed: this.#numCompleted,
        failed: this.#numFailed,
      }),
      summary: Object.freeze({
        checkpointedSizeBytes: this.#summary.checkpointedSizeBytes.snapshot(),
        stateSizeBytes: this.#summary.stateSizeBytes.snapshot(),
        endToEndDurationMs: this.#summary.endToEndDurationMs.snapshot(),
        processedDataBytes: this.#summary.processedDataBytes.snapshot(),
        persistedDataBytes: this.#summary.persistedDataBytes.snapshot(),
      }),
      latest: Object.freeze({
        completed: this.#latestCompleted,
        savepoint: this.#latestSavepoint,
        failed: this.#latestFailed,
        restored: this.#latestRestored,
      }),
      history: Object.freeze(this.#history.map((stats) => stats.toEntry()).reverse()),
      configuration: this.#configuration,
    })
  }

  #buildMetrics(): CheckpointStatsMetrics {
    const last = this.#latestCompletedOfAnyKind
    return Object.freeze({
      totalNumberOfCheckpoints: this.#numTotal,
      numberOfInProgressCheckpoints: this.#inProgress.size,
      numberOfCompletedCheckpoints: this.#numCompleted,
      numberOfFailedCheckpoints: this.#numFailed,
      lastCheckpointDuration: last?.endToEndDurationMs,
      lastCheckpointSize: last?.checkpointedSizeBytes,
      lastCheckpointFullSize: last?.stateSizeBytes,
      lastCheckpointProcessedData: last?.processedDataBytes,
      lastCheckpointPersistedData: last?.persistedDataBytes,
      lastCheckpointExternalPath: last?.externalPath,
      lastCompletedCheckpointId: last?.checkpointId,
      lastCheckpointCompletedTimestamp: last?.completionTimestampMs,
      lastCheckpointRestoreTimestamp: this.#latestRestored?.restoreTimestampMs,
    })
  }
}
