import { SavepointFailedError } from '../../errors.js'
import type { JobGraph } from '../../graph/job-graph.js'
import type { CheckpointDeclineReason, SubtaskCheckpointAck as WorkerAck, SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointStorageLocation } from '../../state/checkpoint-storage/checkpoint-storage.js'
import type { CheckpointRetention } from '../../state/checkpoint-storage/checkpoint-retention.js'
import type { FileSystemCheckpointStorage } from '../../state/checkpoint-storage/file-system-checkpoint-storage.js'
import type { Clock } from '../../util/clock.js'
import type { CheckpointCoordinatorConfiguration } from './checkpoint-coordinator-configuration.js'
import { checkpointMetadataOf, type SubtaskStateHandle } from './checkpoint-metadata-of.js'
import { CheckpointFailureManager } from './checkpoint-failure-manager.js'
import { isCountedAsFailure, messageOf, type CheckpointFailureReason } from './checkpoint-failure-reason.js'
import type { CheckpointPlan } from './checkpoint-plan.js'
import { CheckpointRequestDecider } from './checkpoint-request-decider.js'
import { CheckpointStatsTracker } from './checkpoint-stats-tracker.js'
import type { CompletedCheckpoint } from './completed-checkpoint.js'
import { PendingCheckpoint } from './pending-checkpoint.js'

/** Who waits for a savepoint's path. */
interface SavepointWaiter {
  readonly resolve: (path: string) => void
  readonly reject: (error: Error) => void
}

/** A checkpoint in flight, with where it is written, who takes part and who waits for it (a savepoint request). */
interface PendingEntry {
  readonly checkpoint: PendingCheckpoint<SubtaskStateHandle>
  readonly location: CheckpointStorageLocation
  readonly plan: CheckpointPlan
  readonly timeout: NodeJS.Timeout
  readonly waiter: SavepointWaiter | undefined
  /** Triggered once every unfinished subtask had ended its input: its completion lets them commit and finish. */
  readonly isFinal: boolean
  /** A savepoint that ends the job (stop --drain): unlike other savepoints, its completion commits side effects. */
  readonly isTerminal: boolean
}

/** How one checkpoint is triggered. */
interface TriggerOptions {
  readonly isFinal: boolean
  readonly savepoint?: SavepointWaiter & { readonly targetDir: string; readonly isTerminal: boolean }
}

/** How the coordinator reaches the running job. */
export interface CheckpointCoordinatorContext {
  readonly jobId: string
  readonly jobGraph: JobGraph
  readonly configuration: CheckpointCoordinatorConfiguration
  readonly storage: FileSystemCheckpointStorage
  readonly retention: CheckpointRetention
  readonly clock: Clock
  /** Who takes part in a checkpoint triggered now; undefined while none can be (a subtask deploys, or all finished). */
  planCheckpoint(): CheckpointPlan | undefined
  /** Whether every subtask that has not finished has ended its input and waits for a checkpoint to finish (FLIP-147). */
  isAwaitingFinalCheckpoint(): boolean
  sendTrigger(message: {
    location: CheckpointStorageLocation['reference']; triggerTimestampMs: number; tasksToTrigger: readonly SubtaskKey[]; unalignAfterMs: number
  }): void
  sendNotifyComplete(checkpointId: number): void
  sendAbort(checkpointId: number): void
  /** Too many checkpoints failed in a row (execution.checkpointing.tolerable-failed-checkpoints): the job attempt fails. */
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
  /** Once the final checkpoint completed, the subtasks finish: no other one is triggered early for them. */
  #hasCompletedFinalCheckpoint = false
  /** A stop-with-savepoint --drain waiting for the subtasks to end their input; its savepoint is the final checkpoint. */
  #drainSavepoint: (SavepointWaiter & { readonly targetDir: string }) | undefined

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
    this.#drainSavepoint?.reject(new SavepointFailedError('the job ended before its subtasks drained'))
    this.#drainSavepoint = undefined
  }

  /** A subtask ended its input: once all have, the final checkpoint is due at once rather than at the next interval. */
  onTaskEndedInput(): void {
    this.#schedule()
  }

  #schedule(): void {
    if (this.#isStopped) return
    clearTimeout(this.#timer)
    if (this.#isFinalCheckpointDue()) {
      this.#timer = setTimeout(() => { void this.#triggerFinal() }, 0)
      return
    }
    const dueAtMs = this.#decider.nextTriggerAtMs(this.#pending.size)
    if (dueAtMs === undefined) return // disabled, or at max concurrent: a completion reschedules
    const delayMs = Math.max(0, dueAtMs - this.#context.clock.relativeMs())
    this.#timer = setTimeout(() => { void this.#triggerPeriodic() }, delayMs)
    this.#timer.unref?.()
  }

  /**
   * Every unfinished subtask waits for a checkpoint to commit its last output and finish, and none that would let
   * them is pending: a job at its end need not wait for the next interval (a bounded job shorter than the interval
   * would otherwise end without any checkpoint).
   */
  #isFinalCheckpointDue(): boolean {
    if (this.#hasCompletedFinalCheckpoint || !this.#context.isAwaitingFinalCheckpoint()) return false
    for (const entry of this.#pending.values()) if (entry.isFinal) return false
    return true
  }

  async #triggerPeriodic(): Promise<void> {
    if (this.#isStopped || this.#isTriggering) return
    const request = { isPeriodic: true, isSavepoint: false }
    const plan = this.#context.planCheckpoint()
    if (plan === undefined) {
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
    await this.#trigger(plan, { isFinal: this.#context.isAwaitingFinalCheckpoint() })
  }

  async #triggerFinal(): Promise<void> {
    if (this.#isStopped || this.#isTriggering || !this.#isFinalCheckpointDue()) return
    const plan = this.#context.planCheckpoint()
    if (plan === undefined) return
    const drain = this.#drainSavepoint
    this.#drainSavepoint = undefined
    await this.#trigger(plan, { isFinal: true, ...(drain !== undefined ? { savepoint: { ...drain, isTerminal: true } } : {}) })
  }

  /**
   * Takes a savepoint now (not subject to the interval, min pause or max concurrent, as in Flink)
   * into a new `savepoint-<id>-<hex>` directory under targetDir; resolves with its path. Like Flink 1.15+, it commits
   * no side effects (a two-phase sink's output it covers is committed by the next checkpoint) and subsumes no checkpoint.
   */
  triggerSavepoint(targetDir: string): Promise<string> {
    if (this.#isStopped) return Promise.reject(new SavepointFailedError('the job is not running'))
    const plan = this.#context.planCheckpoint()
    if (plan === undefined) return Promise.reject(new SavepointFailedError('not every task of the job is running'))
    return new Promise((resolve, reject) => {
      void this.#trigger(plan, { isFinal: this.#context.isAwaitingFinalCheckpoint(), savepoint: { targetDir, isTerminal: false, resolve, reject } })
    })
  }

  /**
   * Stop-with-savepoint --drain, once the sources were told to end their input: the savepoint is taken as the final
   * checkpoint, when every subtask has ended its input, and its completion commits side effects and finishes the job.
   */
  triggerDrainSavepoint(targetDir: string): Promise<string> {
    if (this.#isStopped) return Promise.reject(new SavepointFailedError('the job is not running'))
    if (this.#drainSavepoint !== undefined) return Promise.reject(new SavepointFailedError('the job is already being stopped with --drain'))
    return new Promise((resolve, reject) => {
      this.#drainSavepoint = { targetDir, resolve, reject }
      this.#schedule()
    })
  }

  async #trigger(plan: CheckpointPlan, options: TriggerOptions): Promise<void> {
    const context = this.#context
    const checkpointId = this.#nextCheckpointId++
    const triggerTimestampMs = context.clock.nowMs()
    const savepoint = options.savepoint
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
      this.#schedule()
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
      checkpointId, isSavepoint, triggerTimestampMs, timeoutMs: context.configuration.timeoutMs, subtasksToAcknowledge: plan.tasksToWaitFor,
    })
    const timeout = setTimeout(() => this.#abort(checkpointId, 'CHECKPOINT_EXPIRED', undefined, true), context.configuration.timeoutMs)
    timeout.unref?.()
    this.#pending.set(checkpointId, {
      checkpoint, location, plan, timeout, waiter: savepoint, isFinal: options.isFinal, isTerminal: savepoint?.isTerminal ?? false,
    })
    const unalignAfterMs = this.#unalignAfterMs(isSavepoint)
    this.stats.reportPendingCheckpoint({
      checkpointId, isSavepoint, isUnaligned: unalignAfterMs === 0, triggerTimestampMs, subtasksToAcknowledge: [...plan.tasksToWaitFor, ...plan.finishedTasks],
    })
    // as Flink does, finished subtasks count as acknowledged at the trigger, with nothing written
    for (const finished of plan.finishedTasks) this.stats.reportSubtaskStats(finishedSubtaskStats(checkpointId, finished, triggerTimestampMs))
    context.sendTrigger({ location: location.reference, triggerTimestampMs, tasksToTrigger: plan.tasksToTrigger, unalignAfterMs })
    this.#schedule()
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
    if (entry.checkpoint.acknowledge(stats, { operators: ack.operators, isFinished: ack.isFinished }) !== 'ACK') return
    this.stats.reportSubtaskStats(stats)
    if (entry.checkpoint.isFullyAcknowledged) void this.#complete(stats.checkpointId)
  }

  receiveDecline(checkpointId: number, subtask: SubtaskKey, reason: CheckpointDeclineReason, detail: string): void {
    this.#abort(checkpointId, reason, `subtask ${subtask.subtaskIndex} of vertex ${subtask.vertexId}: ${detail}`, isCountedAsFailure(reason))
  }

  async #complete(checkpointId: number): Promise<void> {
    const entry = this.#pending.get(checkpointId)!
    const completionTimestampMs = this.#context.clock.nowMs()
    let externalPath: string
    try {
      const { jobGraph, jobId, storage } = this.#context
      externalPath = await entry.location.writeMetadata(checkpointMetadataOf({
        jobGraph, jobId, isCompressed: storage.isCompressionEnabled, checkpoint: entry.checkpoint, finishedTasks: entry.plan.finishedTasks, completionTimestampMs,
      }))
    } catch (thrown) {
      this.#abort(checkpointId, 'FINALIZE_CHECKPOINT_FAILURE', thrown instanceof Error ? thrown.message : String(thrown), true)
      return
    }
    if (this.#pending.get(checkpointId) !== entry) {
      // aborted (stopped, expired) while the metadata was written: the abort's discard may have run before the write
      // ended, leaving a _metadata whose state files are gone
      await entry.location.discard().catch(() => undefined)
      return
    }
    clearTimeout(entry.timeout)
    this.#pending.delete(checkpointId)
    const completed = entry.checkpoint.finalize(completionTimestampMs, externalPath)
    if (completed === undefined) return
    if (!completed.isSavepoint) this.#latestCompleted = completed
    if (entry.isFinal) this.#hasCompletedFinalCheckpoint = true
    entry.waiter?.resolve(externalPath)
    this.stats.reportCompletedCheckpoint(checkpointId, { completionTimestampMs, externalPath })
    this.#failures.onCheckpointCompleted(checkpointId)
    this.#decider.onCompleted()
    // a savepoint neither subsumes checkpoints nor commits side effects (Flink 1.15+): a failure after it restarts from
    // the latest checkpoint, and what the savepoint covered must not be visible yet; the one that ends the job does
    if (!completed.isSavepoint) {
      for (const [id, older] of [...this.#pending]) if (id < checkpointId && !older.checkpoint.isSavepoint) this.#abort(id, 'CHECKPOINT_SUBSUMED', undefined, false)
    }
    if (!completed.isSavepoint || entry.isTerminal) this.#context.sendNotifyComplete(checkpointId)
    if (!completed.isSavepoint) await this.#context.retention.subsume().catch(() => undefined)
    this.#schedule()
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
    } else if (isCounted) {
      // a failed savepoint does not count toward tolerable checkpoint failures (Flink)
      this.#countFailure(checkpointId, reason, detail)
    }
    this.#schedule()
  }

  #countFailure(checkpointId: number, reason: CheckpointFailureReason, detail: string | undefined): void {
    const verdict = this.#failures.onCheckpointFailed({ checkpointId, reason, isSavepoint: false })
    if (verdict.kind === 'fail-job') this.#context.failJob(`${verdict.message}${detail !== undefined ? ` (last: ${messageOf(reason)}: ${detail})` : ''}`)
  }
}

/** The statistics of a subtask that finished before the checkpoint: acknowledged at the trigger, having written nothing. */
function finishedSubtaskStats(checkpointId: number, subtask: SubtaskKey, triggerTimestampMs: number): WorkerAck['stats'] {
  return {
    checkpointId, vertexId: subtask.vertexId, subtaskIndex: subtask.subtaskIndex, ackTimestampMs: triggerTimestampMs,
    syncDurationMs: 0, asyncDurationMs: 0, alignmentDurationMs: 0, startDelayMs: 0, stateSizeBytes: 0, checkpointedSizeBytes: 0,
    processedInFlightBytes: 0, persistedInFlightBytes: 0, isUnaligned: false,
  }
}
