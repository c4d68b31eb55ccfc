import type { SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointFailureReason } from './checkpoint-failure-reason.js'
import type {
  CheckpointStatsEntry, CheckpointStatus, SubtaskCheckpointEntry, VertexCheckpointStats,
} from './checkpoint-stats-snapshot.js'
import { summarize } from './stats-summary.js'
import type { SubtaskCheckpointStats } from './subtask-checkpoint-stats.js'

/** How one checkpoint ended, for its statistics. */
export type CheckpointStatsOutcome =
  | { readonly status: 'COMPLETED'; readonly completionTimestampMs: number; readonly externalPath: string | undefined }
  | {
    readonly status: 'FAILED'
    readonly failureTimestampMs: number
    readonly reason: CheckpointFailureReason
    readonly message: string
  }

/**
 * The statistics of one checkpoint while the tracker collects them (Flink's PendingCheckpointStats, which also
 * becomes the completed or failed stats): the owner mutates it, readers get frozen entries.
 */
export class PendingCheckpointStats {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  readonly triggerTimestampMs: number
  readonly #isTriggeredUnaligned: boolean
  // vertex id → subtask index → ack (undefined while pending); Maps keep the report order
  readonly #vertices = new Map<string, Map<number, SubtaskCheckpointStats | undefined>>()
  #outcome: CheckpointStatsOutcome | undefined
  #numAcknowledged = 0
  #entry: CheckpointStatsEntry | undefined

  constructor(fields: {
    readonly checkpointId: number
    readonly isSavepoint: boolean
    readonly isUnaligned: boolean
    readonly triggerTimestampMs: number
    readonly subtasksToAcknowledge: readonly SubtaskKey[]
  }) {
    this.checkpointId = fields.checkpointId
    this.isSavepoint = fields.isSavepoint
    this.#isTriggeredUnaligned = fields.isUnaligned
    this.triggerTimestampMs = fields.triggerTimestampMs
    for (const { vertexId, subtaskIndex } of fields.subtasksToAcknowledge) {
      const subtasks = this.#vertices.get(vertexId) ?? new Map<number, SubtaskCheckpointStats | undefined>()
      subtasks.set(subtaskIndex, undefined)
      this.#vertices.set(vertexId, subtasks)
    }
    for (const [vertexId, subtasks] of this.#vertices) {
      this.#vertices.set(vertexId, new Map([...subtasks].sort(([a], [b]) => a - b)))
    }
  }

  get status(): CheckpointStatus {
    return this.#outcome?.status ?? 'IN_PROGRESS'
  }

  /** Records an acknowledgement; false when it is not one this checkpoint awaits (unknown, repeated, or ended). */
  reportSubtaskStats(stats: SubtaskCheckpointStats): boolean {
    const subtasks = this.#vertices.get(stats.vertexId)
    if (this.#outcome !== undefined || subtasks === undefined || !subtasks.has(stats.subtaskIndex) ||
      subtasks.get(stats.subtaskIndex) !== undefined) return false
    subtasks.set(stats.subtaskIndex, Object.freeze({ ...stats }))
    this.#numAcknowledged++
    this.#entry = undefined
    return true
  }

  /** Ends the checkpoint; false when it had already ended. */
  end(outcome: CheckpointStatsOutcome): boolean {
    if (this.#outcome !== undefined) return false
    this.#outcome = outcome
    this.#entry = undefined
    return true
  }

  /** A frozen entry of the statistics as they are now; the same object until something changes. */
  toEntry(): CheckpointStatsEntry {
    this.#entry ??= this.#buildEntry()
    return this.#entry
  }

  #buildEntry(): CheckpointStatsEntry {
    const acks = [...this.#vertices.values()].flatMap((subtasks) => [...subtasks.values()])
      .filter((ack): ack is SubtaskCheckpointStats => ack !== undefined)
    const latestAckTimestampMs = latestAckOf(acks)
    const outcome = this.#outcome
    const endToEndDurationMs = outcome?.status === 'FAILED'
      ? Math.max(0, outcome.failureTimestampMs - this.triggerTimestampMs)
      : this.#durationUntil(latestAckTimestampMs)
    const perVertex = Object.fromEntries([...this.#vertices].map(([vertexId, subtasks]) =>
      [vertexId, this.#vertexStats(vertexId, subtasks)]))
    return Object.freeze({
      checkpointId: this.checkpointId,
      status: this.status,
      isSavepoint: this.isSavepoint,
      isUnaligned: this.#isTriggeredUnaligned || acks.some((ack) => ack.isUnaligned),
      triggerTimestampMs: this.triggerTimestampMs,
      latestAckTimestampMs,
      endToEndDurationMs,
      ...sizesOf(acks),
      numSubtasks: [...this.#vertices.values()].reduce((sum, subtasks) => sum + subtasks.size, 0),
      numAcknowledgedSubtasks: this.#numAcknowledged,
      ...(outcome?.status === 'COMPLETED'
        ? {
            completionTimestampMs: outcome.completionTimestampMs,
            ...(outcome.externalPath !== undefined ? { externalPath: outcome.externalPath } : {}),
          }
        : {}),
      ...(outcome?.status === 'FAILED'
        ? { failureTimestampMs: outcome.failureTimestampMs, failureReason: outcome.reason, failureMessage: outcome.message }
        : {}),
      perVertex: Object.freeze(perVertex),
    })
  }

  #vertexStats(vertexId: string,
    subtasks: ReadonlyMap<number, SubtaskCheckpointStats | undefined>): VertexCheckpointStats {
    const acks = [...subtasks.values()].filter((ack): ack is SubtaskCheckpointStats => ack !== undefined)
    const latestAckTimestampMs = latestAckOf(acks)
    const endToEndOf = (ack: SubtaskCheckpointStats): number => Math.max(0, ack.ackTimestampMs - this.triggerTimestampMs)
    const entries: SubtaskCheckpointEntry[] = [...subtasks].map(([subtaskIndex, ack]) => Object.freeze(ack === undefined
      ? { status: 'PENDING' as const, vertexId, subtaskIndex }
      : { ...ack, status: 'ACKNOWLEDGED' as const, endToEndDurationMs: endToEndOf(ack) }))
    const summaryOf = (value: (ack: SubtaskCheckpointStats) => number) => summarize(acks.map(value))
    return Object.freeze({
      vertexId,
      numSubtasks: subtasks.size,
      numAcknowledgedSubtasks: acks.length,
      latestAckTimestampMs,
      endToEndDurationMs: this.#durationUntil(latestAckTimestampMs),
      ...sizesOf(acks),
      summary: Object.freeze({
        checkpointedSizeBytes: summaryOf((ack) => ack.checkpointedSizeBytes),
        stateSizeBytes: summaryOf((ack) => ack.stateSizeBytes),
        endToEndDurationMs: summaryOf(endToEndOf),
        syncDurationMs: summaryOf((ack) => ack.syncDurationMs),
        asyncDurationMs: summaryOf((ack) => ack.asyncDurationMs),
        alignmentDurationMs: summaryOf((ack) => ack.alignmentDurationMs),
        startDelayMs: summaryOf((ack) => ack.startDelayMs),
        processedInFlightBytes: summaryOf((ack) => ack.processedInFlightBytes),
        persistedInFlightBytes: summaryOf((ack) => ack.persistedInFlightBytes),
      }),
      subtasks: Object.freeze(entries),
    })
  }

  // end-to-end duration = latest ack − trigger, as in Flink; clamped because clocks of workers may disagree
  #durationUntil(latestAckTimestampMs: number | undefined): number | undefined {
    return latestAckTimestampMs === undefined ? undefined : Math.max(0, latestAckTimestampMs - this.triggerTimestampMs)
  }
}

function latestAckOf(acks: readonly SubtaskCheckpointStats[]): number | undefined {
  return acks.length === 0 ? undefined : Math.max(...acks.map((ack) => ack.ackTimestampMs))
}

function sizesOf(acks: readonly SubtaskCheckpointStats[]): {
  stateSizeBytes: number; checkpointedSizeBytes: number; processedDataBytes: number; persistedDataBytes: number
} {
  let stateSizeBytes = 0
  let checkpointedSizeBytes = 0
  let processedDataBytes = 0
  let persistedDataBytes = 0
  for (const ack of acks) {
    stateSizeBytes += ack.stateSizeBytes
    checkpointedSizeBytes += ack.checkpointedSizeBytes
    processedDataBytes += ack.processedInFlightBytes
    persistedDataBytes += ack.persistedInFlightBytes
  }
  return { stateSizeBytes, checkpointedSizeBytes, processedDataBytes, persistedDataBytes }
}
