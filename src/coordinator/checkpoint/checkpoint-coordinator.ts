import { SavepointFailedError } from '../../errors.js'
import type { JobGraph } from '../../graph/job-graph.js'
import type { OperatorSubtaskStateHandle, SubtaskCheckpointAck as WorkerAck, SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointMetadata, JsonObject, OperatorStateMetadata } from '../../state/checkpoint-storage/checkpoint-metadata.js'
import type { CheckpointStorageLocation } from '../../state/checkpoint-storage/checkpoint-storage.js'
import type { CheckpointRetention } from '../../state/checkpoint-storage/checkpoint-retention.js'
import type { FileSystemCheckpointStorage } from '../../state/checkpoint-storage/file-system-checkpoint-storage.js'
import type { Clock } from '../../util/clock.js'
import type { CheckpointCoordinatorConfiguration } from './checkpoint-coordinator-configuration.js'
import { CheckpointFailureManager } from './checkpoint-failure-manager.js'
import { messageOf, type CheckpointFailureReason } from './checkpoint-failure-reason.js'
import { CheckpointRequestDecider } from './checkpoint-request-decider.js'
import { CheckpointStatsTracker } from './checkpoint-stats-tracker.js'
import type { CompletedCheckpoint } from './completed-checkpoint.js'
import { PendingCheckpoint } from './pending-checkpoint.js'

/** The per-subtask state a completed checkpoint keeps: what every operator of the subtask wrote. */
export type SubtaskStateHandle = readonly OperatorSubtaskStateHandle[]

/** A checkpoint in flight, with where it is written and who waits for it (a savepoint request). */
interface PendingEntry {
  readonly checkpoint: PendingCheckpoint<SubtaskStateHandle>
  readonly location: CheckpointStorageLocation
  readonly timeout: NodeJS.Timeout
  readonly waiter: { readonly resolve: (path: string) => void; readonly reject: (error: Error) => void } | undefined
}

/** How the coordinator reaches the running job. */
export interface CheckpointCoordinatorContext {
  readonly jobId: string
  readonly jobGraph: JobGraph
  readonly configuration: CheckpointCoordinatorConfiguration
  readonly storage: FileSystemCheckpointStorage
  readonly retention: CheckpointRetention
  readonly clock: Clock
  /** Every subtask of the job, and which of them are sources, per worker. */
  readonly subtasks: readonly SubtaskKey[]
  readonly sourcesByWorker: ReadonlyMap<number, readonly SubtaskKey[]>
  /** Whether every task runs (a checkpoint cannot complete while one is deploying or finished). */
  isJobRunning(): boolean
  sendTrigger(workerIndex: number, message: {
    location: CheckpointStorageLocation['reference']; triggerTimestampMs: number; subtasks: readonly SubtaskKey[]; unalignAfterMs: number
  }): void
  sendNotifyComplete(checkpointId: number): void
  sendAbort(checkpointId: number): void
  /** Too many checkpoints failed in a row (execution.checkpointing.tolerable-failed-checkpoints). */
  failJob(message: string): void
}

/**
 * Flink's CheckpointCoordinator for one job attempt: triggers checkpoints when the decider says so,
 * collects the subtasks' acknowledgements, writes `_metadata` once all are in, then tells the
 * subtasks to commit; fails or expires checkpoints and counts failures. Policies live in the
 * decider, the failure manager and the stats tracker; this class only sequences them.
 */
export class CheckpointCoordinator {
  readonly stats: CheckpointStatsTracker
  readonly #context: CheckpointCoordinatorContext
  readonly #decider: CheckpointRequestDecider
  readonly #failures: CheckpointFailureManager
  readonly #pending = new Map<number, PendingEntry>()
  #nextCheckpointId: number
  #latestCompleted: CompletedCheckpoint<SubtaskStateHandle> | undefined
  #timer: NodeJS.Timeout | undefined
  #isStopped = false
  #isTriggering = false

  constructor(context: CheckpointCoordinatorContext, options: { readonly nextCheckpointId: number; readonly stats?: CheckpointStatsTracker }) {
    this.#context = context
    const config = context.configuration
    this.#decider = new CheckpointRequestDecider({ clock: context.clock, intervalMs: config.intervalMs, minPauseMs: config.minPauseMs, maxConcurrent: config.maxConcurrent })
    this.#failures = new CheckpointFailureManager({ tolerableFailures: config.tolerableFailures })
    this.stats = options.stats ?? new CheckpointStatsTracker(config)
    this.#nextCheckpointId = options.nextCheckpointId
  }

  get latestCompleted(): CompletedCheckpoint<SubtaskStateHandle> | undefined {
    return this.#latestCompleted
  }

  get nextCheckpointId(): number {
    return this.#nextCheckpointId
  }

  /** Starts periodic checkpoints. */
  start(): void {
    this.#schedule()
  }

  /** Stops triggering and abandons pending checkpoints (the job attempt ends). */
  stop(): void {
    this.#isStopped = true
    clearTimeout(this.#timer)
    for (const id of [...this.#pending.keys()]) this.#abort(id, 'CHECKPOINT_COORDINATOR_SHUTDOWN', undefined, false)
  }

  #schedule(): void {
    if (this.#isStopped) return
    clearTimeout(this.#timer)
    const dueAtMs = this.#decider.nextTriggerAtMs(this.#pending.size)
    if (dueAtMs === undefined) return // disabled, or at max concurrent: a completion reschedules
    const delayMs = Math.max(0, dueAtMs - this.#context.clock.relativeMs())
    this.#timer = setTimeout(() => { void this.#triggerPeriodic() }, delayMs)
    this.#timer.unref?.()
  }

  async #triggerPeriodic(): Promise<void> {
    if (this.#isStopped || this.#isTriggering) return
    const request = { isPeriodic: true, isSavepoint: false }
    if (!this.#context.isJobRunning()) {
      // Flink: "Checkpoint triggering task ... is not being executed at the moment": skipped, not failed
      this.#decider.onTriggered(request)
      this.#schedule()
      return
    }
    const decision = this.#decider.decide(request, this.#pending.size)
    if (decision.kind !== 'trigger') {
      this.#schedule()
      return
    }
    this.#decider.onTriggered(request)
    await this.#trigger()
    this.#schedule()
  }

  /**
   * Takes a savepoint now (not subject to the interval, min pause or max concurrent, as in Flink)
   * into a new `savepoint-<id>-<hex>` directory under targetDir; resolves with its path.
   */
  triggerSavepoint(targetDir: string): Promise<string> {
    if (this.#isStopped) return Promise.reject(new SavepointFailedError('the job is not running'))
    if (!this.#context.isJobRunning()) return Promise.reject(new SavepointFailedError('not every task of the job is running'))
    return new Promise((resolve, reject) => { void this.#trigger({ targetDir, resolve, reject }) })
  }

  async #trigger(savepoint?: { readonly targetDir: string } & NonNullable<PendingEntry['waiter']>): Promise<void> {
    const context = this.#context
    const checkpointId = this.#nextCheckpointId++
    const triggerTimestampMs = context.clock.nowMs()
    const isSavepoint = savepoint !== undefined
    this.#isTriggering = true
    let location: CheckpointStorageLocation
    try {
      location = isSavepoint
        ? await context.storage.createSavepointLocation(checkpointId, savepoint.targetDir)
        : await context.storage.createCheckpointLocation(checkpointId)
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown)
      this.stats.reportFailedCheckpointWithoutInProgress()
      if (isSavepoint) savepoint.reject(new SavepointFailedError(message))
      else this.#countFailure(checkpointId, 'IO_EXCEPTION', message)
      return
    } finally {
      this.#isTriggering = false
    }
    if (this.#isStopped) {
      await location.discard()
      savepoint?.reject(new SavepointFailedError('the job stopped'))
      return
    }
    const checkpoint = new PendingCheckpoint<SubtaskStateHandle>({
      checkpointId, isSavepoint, triggerTimestampMs, timeoutMs: context.configuration.timeoutMs, subtasksToAcknowledge: context.subtasks,
    })
    const timeout = setTimeout(() => this.#abort(checkpointId, 'CHECKPOINT_EXPIRED', undefined, true), context.configuration.timeoutMs)
    timeout.unref?.()
    this.#pending.set(checkpointId, { checkpoint, location, timeout, waiter: savepoint })
    const unalignAfterMs = this.#unalignAfterMs(isSavepoint)
    this.stats.reportPendingCheckpoint({ checkpointId, isSavepoint, isUnaligned: unalignAfterMs === 0, triggerTimestampMs, subtasksToAcknowledge: context.subtasks })
    for (const [workerIndex, sources] of context.sourcesByWorker) {
      context.sendTrigger(workerIndex, { location: location.reference, triggerTimestampMs, subtasks: sources, unalignAfterMs })
    }
  }

  /** Flink's CheckpointOptions: savepoints are always aligned; unaligned ones start aligned while a timeout is set. */
  #unalignAfterMs(isSavepoint: boolean): number {
    const { isUnaligned, alignedCheckpointTimeoutMs } = this.#context.configuration
    return isSavepoint || !isUnaligned ? Number.POSITIVE_INFINITY : alignedCheckpointTimeoutMs
  }

  receiveAck(ack: WorkerAck): void {
    const { stats } = ack
    const entry = this.#pending.get(stats.checkpointId)
    if (entry === undefined) return // late for an aborted or completed checkpoint
    if (entry.checkpoint.acknowledge(stats, ack.operators) !== 'ACK') return
    this.stats.reportSubtaskStats(stats)
    if (entry.checkpoint.isFullyAcknowledged) void this.#complete(stats.checkpointId)
  }

  receiveDecline(checkpointId: number, subtask: SubtaskKey, reason: string): void {
    this.#abort(checkpointId, 'CHECKPOINT_DECLINED', `subtask ${subtask.subtaskIndex} of vertex ${subtask.vertexId}: ${reason}`, true)
  }

  async #complete(checkpointId: number): Promise<void> {
    const entry = this.#pending.get(checkpointId)!
    const completionTimestampMs = this.#context.clock.nowMs()
    let externalPath: string
    try {
      externalPath = await entry.location.writeMetadata(this.#metadataOf(entry.checkpoint, completionTimestampMs))
    } catch (thrown) {
      this.#abort(checkpointId, 'FINALIZE_CHECKPOINT_FAILURE', thrown instanceof Error ? thrown.message : String(thrown), true)
      return
    }
    if (this.#pending.get(checkpointId) !== entry) return // aborted (stopped, expired) while the metadata was written
    clearTimeout(entry.timeout)
    this.#pending.delete(checkpointId)
    const completed = entry.checkpoint.finalize(completionTimestampMs, externalPath)
    if (completed === undefined) return
    if (!completed.isSavepoint) this.#latestCompleted = completed
    entry.waiter?.resolve(externalPath)
    this.stats.reportCompletedCheckpoint(checkpointId, { completionTimestampMs, externalPath })
    this.#failures.onCheckpointCompleted(checkpointId)
    this.#decider.onCompleted()
    // older pending checkpoints are subsumed: this one covers everything they would have (savepoints are not)
    for (const [id, older] of [...this.#pending]) if (id < checkpointId && !older.checkpoint.isSavepoint) this.#abort(id, 'CHECKPOINT_SUBSUMED', undefined, false)
    this.#context.sendNotifyComplete(checkpointId)
    await this.#context.retention.subsume().catch(() => undefined)
    this.#schedule()
  }

  #metadataOf(checkpoint: PendingCheckpoint<SubtaskStateHandle>, completionTimestampMs: number): CheckpointMetadata {
    const { jobGraph, jobId, storage } = this.#context
    const operators = new Map<string, { parallelism: number; subtasks: OperatorStateMetadata['subtasks'][number][] }>()
    for (const ack of checkpoint.acknowledgements) {
      const vertex = jobGraph.vertices.find((v) => v.id === ack.subtask.vertexId)!
      for (const operator of ack.stateHandle) {
        let entry = operators.get(operator.operatorId)
        if (entry === undefined) operators.set(operator.operatorId, entry = { parallelism: vertex.parallelism, subtasks: [] })
        const backendState: JsonObject = {
          keyGroupRange: operator.keyGroupRange === undefined ? null : { start: operator.keyGroupRange.start, end: operator.keyGroupRange.end },
          operatorState: (operator.operatorState ?? null) as JsonObject[string],
        }
        entry.subtasks.push({
          subtaskIndex: ack.subtask.subtaskIndex, stateFiles: operator.keyedStateFile === undefined ? [] : [operator.keyedStateFile], backendState,
          ...(operator.channelState !== undefined ? { channelState: operator.channelState } : {}),
        })
      }
    }
    return {
      checkpointId: checkpoint.checkpointId,
      jobId,
      isSavepoint: checkpoint.isSavepoint,
      triggerTimestampMs: checkpoint.triggerTimestampMs,
      completionTimestampMs,
      isCompressed: storage.isCompressionEnabled,
      operators: [...operators].map(([operatorId, { parallelism, subtasks }]) => ({
        operatorId, parallelism, maxParallelism: jobGraph.maxParallelism, subtasks: subtasks.sort((a, b) => a.subtaskIndex - b.subtaskIndex),
      })),
    }
  }

  #abort(checkpointId: number, reason: CheckpointFailureReason, detail: string | undefined, isCounted: boolean): void {
    const entry = this.#pending.get(checkpointId)
    if (entry === undefined) return
    this.#pending.delete(checkpointId)
    clearTimeout(entry.timeout)
    const nowMs = this.#context.clock.nowMs()
    entry.checkpoint.abort(reason, nowMs, detail)
    this.stats.reportFailedCheckpoint(checkpointId, { failureTimestampMs: nowMs, reason, ...(detail !== undefined ? { detail } : {}) })
    this.#context.sendAbort(checkpointId)
    void entry.location.discard().catch(() => undefined)
    if (entry.waiter !== undefined) {
      entry.waiter.reject(new SavepointFailedError(`${messageOf(reason)}${detail !== undefined ? `: ${detail}` : ''}`))
      return // a failed savepoint does not count toward tolerable checkpoint failures (Flink)
    }
    if (isCounted) this.#countFailure(checkpointId, reason, detail)
    this.#schedule()
  }

  #countFailure(checkpointId: number, reason: CheckpointFailureReason, detail: string | undefined): void {
    const verdict = this.#failures.onCheckpointFailed({ checkpointId, reason, isSavepoint: false })
    if (verdict.kind === 'fail-job') this.#context.failJob(`${verdict.message}${detail !== undefined ? ` (last: ${messageOf(reason)}: ${detail})` : ''}`)
  }
}
