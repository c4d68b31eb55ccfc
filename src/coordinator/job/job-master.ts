import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { MessageChannel, Worker } from 'node:worker_threads'
import {
  DeploymentTimeoutError, SavepointFailedError, TolerableCheckpointFailuresExceededError, WorkerCrashedError, WorkerExitedError,
} from '../../errors.js'
import type { JobGraph } from '../../graph/job-graph.js'
import type {
  CheckpointingSettings, CoordinatorToWorker, LatencyHistogramSample, RuntimeSettings, SubtaskKey, TaskDeploymentDescriptor,
  UserMetricSample, WorkerToCoordinator,
} from '../../protocol/messages.js'
import type { CheckpointRetention } from '../../state/checkpoint-storage/checkpoint-retention.js'
import { findLatestRestorableCheckpoint } from '../../state/checkpoint-storage/checkpoint-discovery.js'
import type { FileSystemCheckpointStorage } from '../../state/checkpoint-storage/file-system-checkpoint-storage.js'
import type { Clock } from '../../util/clock.js'
import { CheckpointCoordinator } from '../checkpoint/checkpoint-coordinator.js'
import type { CheckpointCoordinatorConfiguration } from '../checkpoint/checkpoint-coordinator-configuration.js'
import { CheckpointStatsTracker } from '../checkpoint/checkpoint-stats-tracker.js'
import { subtaskKeyString } from '../checkpoint/subtask-checkpoint-stats.js'
import { calculateCheckpointPlan, type PlannedSubtask } from '../checkpoint/checkpoint-plan.js'
import { planTaskRestores, type RestoreSource } from '../checkpoint/task-restore-planner.js'
import { SubtaskMetricsStore } from '../metrics/subtask-metrics-store.js'
import type { SubtaskMetrics } from '../metrics/subtask-metrics.js'
import { planDeployment, type DeploymentPlan } from '../scheduler/deployment-plan.js'
import { jobFailureFromError, jobFailureOf, type JobFailure } from './job-failure.js'
import type { ExecutionState } from './execution-state.js'
import { JOB_STATUS_TRANSITIONS, isGloballyTerminal, type JobStatus } from './job-status.js'
import type { RestartBackoffTimeStrategy } from './restart-backoff-time-strategy.js'

const WORKER_BOOTSTRAP = new URL('../../runtime/worker/worker-bootstrap.mjs', import.meta.url)
/** How long cancelled workers get to stop cleanly before they are terminated. */
const CANCEL_GRACE_MS = 5_000

/** What a job ended with. */
export interface JobResult {
  readonly jobId: string
  readonly status: Extract<JobStatus, 'FINISHED' | 'FAILED' | 'CANCELED'>
  readonly failure: JobFailure | undefined
  readonly durationMs: number
}

/** How the job checkpoints, when it does. */
export interface JobCheckpointing {
  readonly configuration: CheckpointCoordinatorConfiguration
  readonly storage: FileSystemCheckpointStorage
  readonly retention: CheckpointRetention
  /** A directory the job made for its checkpoints only (no execution.checkpointing.dir): removed when it ends. */
  readonly temporaryDir?: string
  /** execution.checkpointing.savepoint-dir: where savepoints go when a request names no directory. */
  readonly defaultSavepointDir?: string
}

/** Everything a JobMaster needs to run a job. */
export interface JobMasterOptions {
  readonly jobGraph: JobGraph
  readonly jobModuleUrl: string
  readonly jobArgs: readonly string[]
  /** The configuration as raw entries, sent to workers so they rebuild the same graph. */
  readonly configEntries: readonly { key: string; value: string }[]
  readonly slotsPerWorker: number
  readonly settings: RuntimeSettings
  readonly clock: Clock
  readonly jobId?: string
  readonly checkpointing?: JobCheckpointing
  readonly restartStrategy: RestartBackoffTimeStrategy
  /** A checkpoint or savepoint to resume from (`sluice run -s`). */
  readonly initialRestore?: RestoreSource
  readonly allowNonRestoredState?: boolean
  /** slot.request.timeout: how long an attempt's subtasks may take to be deployed and running. */
  readonly deploymentTimeoutMs: number
}

/** One deployment of the job's subtasks onto fresh workers; a restart makes a new one. */
interface Attempt {
  readonly number: number
  readonly plan: DeploymentPlan
  readonly workers: Worker[]
  deployedWorkers: number
  /** Workers that confirmed a cancel or are gone (a dead worker confirms nothing). */
  readonly stoppedWorkers: Set<number>
  /**
   * Every subtask's state, by subtaskKeyString. Reports arrive in any order across workers: a subtask may finish
   * before another worker reported its subtasks running, so the job's status is derived from all of them.
   */
  readonly taskStates: Map<string, ExecutionState>
  /** Subtasks whose input ended: they wait for a checkpoint to commit and finish. */
  readonly endedInput: Set<string>
  deploymentTimer: NodeJS.Timeout | undefined
  coordinator: CheckpointCoordinator | undefined
  onStopped: (() => void) | undefined
}

/**
 * Runs one job (Flink's JobMaster): deploys its subtasks onto worker threads, follows their
 * state, collects metrics, coordinates checkpoints, restarts from the latest checkpoint after a
 * failure as the restart strategy allows, and ends the job as FINISHED, FAILED or CANCELED.
 */
export class JobMaster {
  readonly jobId: string
  readonly jobGraph: JobGraph
  readonly startTimeMs: number
  /** Checkpoint statistics across attempts; undefined when the job does not checkpoint. */
  readonly checkpointStats: CheckpointStatsTracker | undefined
  readonly #options: JobMasterOptions
  readonly #metrics = new SubtaskMetricsStore()
  readonly #heapUsedBytes = new Map<number, number>()
  /** The latest latency histograms, by operator subtask and marker origin. */
  readonly #latency = new Map<string, LatencyHistogramSample>()
  /** The latest value of every user metric, by operator subtask, group and name. */
  readonly #userMetrics = new Map<string, UserMetricSample>()
  #attempt: Attempt | undefined
  #status: JobStatus = 'CREATED'
  #failure: JobFailure | undefined
  #endTimeMs: number | undefined
  #numRestarts = 0
  #nextCheckpointId = 1
  #restartTimer: NodeJS.Timeout | undefined
  #resolveResult!: (result: JobResult) => void
  readonly #result: Promise<JobResult>
  readonly #statusListeners: ((status: JobStatus) => void)[] = []
  readonly #restartListeners: ((failure: JobFailure, restartNumber: number, backoffMs: number) => void)[] = []

  constructor(options: JobMasterOptions) {
    this.#options = options
    this.jobGraph = options.jobGraph
    this.jobId = options.jobId ?? randomBytes(16).toString('hex')
    this.startTimeMs = options.clock.nowMs()
    this.checkpointStats = options.checkpointing === undefined ? undefined : new CheckpointStatsTracker(options.checkpointing.configuration)
    if (options.initialRestore !== undefined) this.#nextCheckpointId = options.initialRestore.metadata.checkpointId + 1
    this.#result = new Promise((resolve) => { this.#resolveResult = resolve })
  }

  get status(): JobStatus {
    return this.#status
  }

  get failure(): JobFailure | undefined {
    return this.#failure
  }

  get endTimeMs(): number | undefined {
    return this.#endTimeMs
  }

  /** How often the job restarted after a failure (Flink's numRestarts). */
  get numRestarts(): number {
    return this.#numRestarts
  }

  /** Resolves when the job reached FINISHED, FAILED or CANCELED. */
  result(): Promise<JobResult> {
    return this.#result
  }

  onStatusChange(listener: (status: JobStatus) => void): void {
    this.#statusListeners.push(listener)
  }

  /** Called for every restart after a failure, with its cause. */
  onRestart(listener: (failure: JobFailure, restartNumber: number, backoffMs: number) => void): void {
    this.#restartListeners.push(listener)
  }

  /** The latest metrics of every subtask (an immutable snapshot). */
  metrics(): readonly SubtaskMetrics[] {
    return this.#metrics.snapshot()
  }

  /** The latest latency histogram of every operator subtask and marker origin (empty without latency tracking). */
  latencyHistograms(): readonly LatencyHistogramSample[] {
    return [...this.#latency.values()]
  }

  /** The latest value of every user metric that functions registered. */
  userMetrics(): readonly UserMetricSample[] {
    return [...this.#userMetrics.values()]
  }

  /** Heap in use per worker thread, from the last metrics report. */
  workerHeapUsedBytes(): ReadonlyMap<number, number> {
    return this.#heapUsedBytes
  }

  /** Whether every subtask of the running attempt ended its input: the job waits for its final checkpoint, or finishes. */
  get isAtEndOfInput(): boolean {
    const attempt = this.#attempt
    return attempt !== undefined && [...attempt.taskStates].every(([key, state]) => state === 'FINISHED' || attempt.endedInput.has(key))
  }

  /** Worker threads of the running attempt, for fault-injection tests. */
  workerThreads(): readonly Worker[] {
    return this.#attempt?.workers ?? []
  }

  /**
   * Takes a savepoint (Flink's `flink savepoint`): resolves with its directory, which `sluice run -s`
   * resumes from. targetDir defaults to execution.checkpointing.savepoint-dir.
   */
  async triggerSavepoint(targetDir?: string): Promise<string> {
    const { dir, coordinator } = this.#savepointTarget(targetDir)
    return coordinator.triggerSavepoint(dir)
  }

  #savepointTarget(targetDir: string | undefined): { dir: string; coordinator: CheckpointCoordinator } {
    const dir = targetDir ?? this.#options.checkpointing?.defaultSavepointDir
    if (this.#options.checkpointing === undefined) {
      throw new SavepointFailedError('savepoints need checkpointing: set execution.checkpointing.interval')
    }
    if (dir === undefined) throw new SavepointFailedError('no savepoint directory: name one, or set execution.checkpointing.savepoint-dir')
    const coordinator = this.#status === 'RUNNING' ? this.#attempt?.coordinator : undefined
    if (coordinator === undefined) throw new SavepointFailedError(`the job is ${this.#status}, not RUNNING`)
    return { dir, coordinator }
  }

  /**
   * Flink's stop-with-savepoint. Without `drain`: a savepoint, then cancel (the savepoint's output is committed when a
   * job resumes from it). With `drain`: the sources end their input, every subtask finishes its operators, the
   * savepoint is taken as the final checkpoint, its completion commits side effects, and the job ends FINISHED.
   */
  async stopWithSavepoint(targetDir?: string, options: { readonly drain?: boolean } = {}): Promise<string> {
    if (options.drain !== true) {
      const path = await this.triggerSavepoint(targetDir)
      await this.cancel()
      return path
    }
    const { dir, coordinator } = this.#savepointTarget(targetDir)
    const path = coordinator.triggerDrainSavepoint(dir)
    for (const worker of this.#attempt?.workers ?? []) worker.postMessage({ type: 'drain' } satisfies CoordinatorToWorker)
    return path
  }

  /** Starts the workers and deploys the job. */
  start(): void {
    void this.#startAttempt(this.#options.initialRestore)
  }

  async #startAttempt(restore: RestoreSource | undefined): Promise<void> {
    const options = this.#options
    const { jobGraph, slotsPerWorker } = options
    const number = (this.#attempt?.number ?? -1) + 1
    // the previous attempt's operators are gone: their user metrics and latency histograms with them
    this.#latency.clear()
    this.#userMetrics.clear()
    let restores
    try {
      restores = restore === undefined ? undefined : planTaskRestores(jobGraph, restore, { allowNonRestoredState: options.allowNonRestoredState ?? false })
      if (restore !== undefined) {
        this.checkpointStats?.reportRestoredCheckpoint({
          checkpointId: restore.metadata.checkpointId, restoreTimestampMs: options.clock.nowMs(), isSavepoint: restore.metadata.isSavepoint, externalPath: restore.checkpointDir,
        })
      }
      if (options.checkpointing !== undefined && number === 0) await options.checkpointing.storage.initialize()
    } catch (thrown) {
      this.#failWith(thrown)
      return
    }
    if (isGloballyTerminal(this.#status) || this.#status === 'CANCELLING' || this.#status === 'FAILING') return
    const plan = planDeployment(jobGraph, slotsPerWorker, number)
    const taskStates = new Map<string, ExecutionState>()
    for (const tasks of plan.tasksByWorker) for (const task of tasks) taskStates.set(subtaskKeyString(task), 'DEPLOYING')
    const attempt: Attempt = {
      number, plan, workers: [], deployedWorkers: 0, stoppedWorkers: new Set(), taskStates, endedInput: new Set(), deploymentTimer: undefined, coordinator: undefined, onStopped: undefined,
    }
    this.#attempt = attempt
    attempt.deploymentTimer = setTimeout(() => this.#onDeploymentTimeout(attempt), options.deploymentTimeoutMs)
    attempt.deploymentTimer.unref()
    const checkpointingSettings: CheckpointingSettings | undefined = options.checkpointing === undefined ? undefined : {
      mode: options.checkpointing.configuration.mode,
      jobCheckpointDir: options.checkpointing.storage.jobDir,
      isCompressed: options.checkpointing.storage.isCompressionEnabled,
    }
    const ports = new Map<string, MessageChannel>()
    for (let a = 0; a < plan.numWorkers; a++) {
      for (let b = a + 1; b < plan.numWorkers; b++) ports.set(`${a}-${b}`, new MessageChannel())
    }
    for (let index = 0; index < plan.numWorkers; index++) {
      const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { workerIndex: index } })
      attempt.workers.push(worker)
      const isCurrent = () => this.#attempt === attempt
      worker.on('message', (message: WorkerToCoordinator) => { if (isCurrent()) this.#onMessage(attempt, message) })
      worker.on('error', (error) => {
        if (isCurrent()) this.#onFailure(attempt, { ...jobFailureFromError(new WorkerCrashedError(index, error.message), options.clock.nowMs()), stack: error.stack })
      })
      worker.on('exit', (code) => {
        this.#onWorkerStopped(attempt, index)
        if (isCurrent() && !isGloballyTerminal(this.#status) && this.#status !== 'CANCELLING') {
          this.#onFailure(attempt, jobFailureFromError(new WorkerExitedError(index, code), options.clock.nowMs()))
        }
      })
      const peers = []
      const transfer = []
      for (let other = 0; other < plan.numWorkers; other++) {
        if (other === index) continue
        const channel = ports.get(index < other ? `${index}-${other}` : `${other}-${index}`)!
        const port = index < other ? channel.port1 : channel.port2
        peers.push({ workerIndex: other, port })
        transfer.push(port)
      }
      const tasks: TaskDeploymentDescriptor[] = plan.tasksByWorker[index]!.map((task) => {
        const taskRestore = restores?.get(subtaskKeyString(task))
        return taskRestore === undefined ? task : { ...task, restore: taskRestore }
      })
      const deploy: CoordinatorToWorker = {
        type: 'deploy',
        jobId: this.jobId,
        jobModuleUrl: options.jobModuleUrl,
        jobArgs: options.jobArgs,
        config: options.configEntries,
        jobGraphFingerprint: jobGraph.fingerprint,
        workerIndex: index,
        tasks,
        checkpointing: checkpointingSettings,
        channels: plan.channels.filter((c) => c.producerWorker === index || c.consumerWorker === index),
        settings: options.settings,
        peers,
      }
      worker.postMessage(deploy, transfer)
    }
  }

  /** Cancels the job; resolves when it is CANCELED (or had already ended). */
  async cancel(): Promise<JobResult> {
    if (!isGloballyTerminal(this.#status) && this.#status !== 'CANCELLING' && this.#status !== 'FAILING') {
      this.#transition('CANCELLING')
      clearTimeout(this.#restartTimer)
      this.#stopAttempt(() => this.#end('CANCELED'))
    }
    return this.#result
  }

  #onMessage(attempt: Attempt, message: WorkerToCoordinator): void {
    switch (message.type) {
      case 'deployed':
        attempt.deployedWorkers++
        if (attempt.deployedWorkers === attempt.workers.length && (this.#status === 'CREATED' || this.#status === 'RESTARTING')) {
          for (const worker of attempt.workers) worker.postMessage({ type: 'start' } satisfies CoordinatorToWorker)
        }
        return
      case 'task-running': {
        const key = subtaskKeyString(message.subtask)
        if (attempt.taskStates.get(key) === 'DEPLOYING') attempt.taskStates.set(key, 'RUNNING')
        this.#onTaskStateChanged(attempt)
        return
      }
      case 'task-end-of-input':
        attempt.endedInput.add(subtaskKeyString(message.subtask))
        attempt.coordinator?.onTaskEndedInput()
        return
      case 'task-finished':
        attempt.taskStates.set(subtaskKeyString(message.subtask), 'FINISHED')
        this.#onTaskStateChanged(attempt)
        return
      case 'task-failed':
        this.#onFailure(attempt, jobFailureOf(message.failure, this.#options.clock.nowMs()))
        return
      case 'worker-failed':
        this.#onFailure(attempt, jobFailureOf(message.failure, this.#options.clock.nowMs()))
        return
      case 'metrics':
        for (const sample of message.samples) this.#metrics.record(sample)
        this.#heapUsedBytes.set(message.workerIndex, message.heapUsedBytes)
        for (const histogram of message.latency) {
          this.#latency.set(`${histogram.operatorId}/${histogram.operatorSubtaskIndex}/${histogram.sourceOperatorId}/${histogram.sourceSubtaskIndex}`, histogram)
        }
        for (const metric of message.userMetrics) {
          this.#userMetrics.set(`${metric.operatorId}/${metric.subtaskIndex}/${[...metric.groups, metric.name].join('\u0000')}`, metric)
        }
        return
      case 'canceled':
        this.#onWorkerStopped(attempt, message.workerIndex)
        return
      case 'checkpoint-ack':
        attempt.coordinator?.receiveAck(message.ack)
        return
      case 'checkpoint-declined':
        attempt.coordinator?.receiveDecline(message.checkpointId, message.subtask, message.reason, message.detail)
    }
  }

  /** The job is RUNNING once no subtask deploys any more, and FINISHED once every subtask finished (possibly both at once). */
  #onTaskStateChanged(attempt: Attempt): void {
    // reports of an attempt being stopped (a failure, a cancel) arrive late: the status is no longer theirs to decide
    if (attempt.onStopped !== undefined) return
    const states = [...attempt.taskStates.values()]
    if ((this.#status === 'CREATED' || this.#status === 'RESTARTING') && !states.includes('DEPLOYING')) {
      clearTimeout(attempt.deploymentTimer)
      this.#transition('RUNNING')
      this.#startCheckpointing(attempt)
    }
    if (this.#status === 'RUNNING' && states.every((state) => state === 'FINISHED')) {
      attempt.coordinator?.stop()
      this.#transition('FINISHED')
      this.#end('FINISHED')
    }
  }

  #onDeploymentTimeout(attempt: Attempt): void {
    if (this.#attempt !== attempt || attempt.onStopped !== undefined) return
    const waitingFor = [...attempt.taskStates].filter(([, state]) => state === 'DEPLOYING').map(([key]) => key)
    if (waitingFor.length === 0) return
    const namesByKey = new Map(this.jobGraph.vertices.flatMap((vertex) => Array.from({ length: vertex.parallelism },
      (_, i) => [subtaskKeyString({ vertexId: vertex.id, subtaskIndex: i }), `${vertex.name} (${i + 1}/${vertex.parallelism})`] as const)))
    const error = new DeploymentTimeoutError(this.#options.deploymentTimeoutMs, waitingFor.map((key) => namesByKey.get(key) ?? key))
    this.#onFailure(attempt, jobFailureFromError(error, this.#options.clock.nowMs()))
  }

  #startCheckpointing(attempt: Attempt): void {
    const checkpointing = this.#options.checkpointing
    if (checkpointing === undefined || checkpointing.configuration.intervalMs === undefined) return
    const workerOfTask = new Map<string, number>()
    const keys: SubtaskKey[] = []
    attempt.plan.tasksByWorker.forEach((tasks, workerIndex) => {
      for (const task of tasks) {
        workerOfTask.set(subtaskKeyString(task), workerIndex)
        keys.push({ vertexId: task.vertexId, subtaskIndex: task.subtaskIndex })
      }
    })
    const upstream = new Map<string, Map<string, SubtaskKey>>()
    for (const channel of attempt.plan.channels) {
      const producers = upstream.get(subtaskKeyString(channel.consumer)) ?? new Map<string, SubtaskKey>()
      producers.set(subtaskKeyString(channel.producer), channel.producer)
      upstream.set(subtaskKeyString(channel.consumer), producers)
    }
    const planned = (): PlannedSubtask[] => keys.map((key) => ({
      key, state: attempt.taskStates.get(subtaskKeyString(key))!, upstream: [...(upstream.get(subtaskKeyString(key))?.values() ?? [])],
    }))
    const broadcast = (message: CoordinatorToWorker) => { for (const worker of attempt.workers) worker.postMessage(message) }
    const coordinator = new CheckpointCoordinator({
      jobId: this.jobId,
      jobGraph: this.jobGraph,
      configuration: checkpointing.configuration,
      storage: checkpointing.storage,
      retention: checkpointing.retention,
      clock: this.#options.clock,
      planCheckpoint: () => (this.#status === 'RUNNING' ? calculateCheckpointPlan(planned(), subtaskKeyString) : undefined),
      isAwaitingFinalCheckpoint: () => this.#attempt === attempt && this.isAtEndOfInput,
      sendTrigger: ({ location, triggerTimestampMs, tasksToTrigger, unalignAfterMs }) => {
        // every worker learns where to write; each triggers its own subtasks among tasksToTrigger
        attempt.workers.forEach((worker, index) => worker.postMessage({
          type: 'trigger-checkpoint', location, triggerTimestampMs, unalignAfterMs,
          subtasks: tasksToTrigger.filter((key) => workerOfTask.get(subtaskKeyString(key)) === index),
        } satisfies CoordinatorToWorker))
      },
      sendNotifyComplete: (checkpointId) => broadcast({ type: 'notify-checkpoint-complete', checkpointId }),
      sendAbort: (checkpointId) => broadcast({ type: 'abort-checkpoint', checkpointId }),
      // Flink fails over through the restart strategy; a checkpoint storage that is back after a restart is no reason to give up
      failJob: (message) => this.#onFailure(attempt, jobFailureFromError(new TolerableCheckpointFailuresExceededError(message), this.#options.clock.nowMs())),
    }, { nextCheckpointId: this.#nextCheckpointId, ...(this.checkpointStats !== undefined ? { stats: this.checkpointStats } : {}) })
    attempt.coordinator = coordinator
    coordinator.start()
  }

  /** Fails the job for an error of the coordinator's own (restore planning, checkpoint storage, too many failed checkpoints). */
  #failWith(thrown: unknown): void {
    this.#fail(jobFailureFromError(thrown, this.#options.clock.nowMs()))
  }

  #onWorkerStopped(attempt: Attempt, workerIndex: number): void {
    attempt.stoppedWorkers.add(workerIndex)
    if (attempt.onStopped !== undefined && attempt.stoppedWorkers.size >= attempt.workers.length) this.#stopped(attempt)
  }

  /**
   * A task or worker of `attempt` failed: restart from the latest checkpoint if the restart strategy
   * allows, else fail. Failures of an attempt already being stopped are its own shutdown, not news.
   */
  #onFailure(attempt: Attempt, failure: JobFailure): void {
    if (attempt.onStopped !== undefined) return
    if (isGloballyTerminal(this.#status) || this.#status === 'FAILING' || this.#status === 'CANCELLING') return
    if (!failure.isRecoverable) {
      this.#fail(failure, 'every attempt would fail the same way')
      return
    }
    const strategy = this.#options.restartStrategy
    strategy.notifyFailure(failure.timestampMs)
    if (!strategy.canRestart()) {
      this.#fail(failure, strategy.type === 'disable' ? undefined : strategy.describeExhaustion())
      return
    }
    this.#numRestarts++
    // a failure while a new attempt deploys (status still RESTARTING) restarts again
    if (this.#status !== 'RESTARTING') this.#transition('RESTARTING')
    this.#nextCheckpointId = Math.max(this.#nextCheckpointId, attempt.coordinator?.nextCheckpointId ?? 0)
    const backoffMs = strategy.backoffTimeMs()
    for (const listener of this.#restartListeners) listener(failure, this.#numRestarts, backoffMs)
    this.#stopAttempt(() => {
      this.#restartTimer = setTimeout(() => { void this.#restart() }, backoffMs)
    })
  }

  async #restart(): Promise<void> {
    if (this.#status !== 'RESTARTING') return
    let restore = this.#options.initialRestore
    const checkpointing = this.#options.checkpointing
    if (checkpointing !== undefined) {
      try {
        const search = await findLatestRestorableCheckpoint(checkpointing.storage.jobDir)
        for (const warning of search.warnings) process.stderr.write(`warning: ${warning}\n`)
        if (search.checkpoint !== undefined) restore = { checkpointDir: search.checkpoint.checkpointDir, metadata: search.checkpoint.metadata }
      } catch (thrown) {
        this.#failWith(thrown)
        return
      }
    }
    await this.#startAttempt(restore)
  }

  #fail(failure: JobFailure, restartExhaustion?: string): void {
    if (isGloballyTerminal(this.#status) || this.#status === 'FAILING') return
    this.#failure = restartExhaustion === undefined ? failure : { ...failure, message: `${failure.message} (not restarted: ${restartExhaustion})` }
    clearTimeout(this.#restartTimer)
    if (this.#status === 'CANCELLING') {
      this.#end('FAILED')
      return
    }
    this.#transition('FAILING')
    this.#stopAttempt(() => this.#end('FAILED'))
  }

  /** Cancels the current attempt's tasks and workers; `then` runs once they stopped (or the grace time passed). */
  #stopAttempt(then: () => void): void {
    const attempt = this.#attempt
    if (attempt === undefined) {
      then()
      return
    }
    attempt.coordinator?.stop()
    clearTimeout(attempt.deploymentTimer)
    attempt.onStopped = then
    for (const worker of attempt.workers) worker.postMessage({ type: 'cancel' } satisfies CoordinatorToWorker)
    // workers that are already gone count as stopped
    if (attempt.stoppedWorkers.size >= attempt.workers.length) this.#stopped(attempt)
    else setTimeout(() => this.#stopped(attempt), CANCEL_GRACE_MS).unref()
  }

  #stopped(attempt: Attempt): void {
    const then = attempt.onStopped
    if (then === undefined) return
    attempt.onStopped = () => {}
    for (const worker of attempt.workers) void worker.terminate()
    then()
  }

  #end(status: JobResult['status']): void {
    if (isGloballyTerminal(this.#status) && this.#endTimeMs !== undefined) return
    if (this.#status !== status) this.#transition(status)
    this.#endTimeMs = this.#options.clock.nowMs()
    const attempt = this.#attempt
    if (attempt !== undefined) {
      attempt.onStopped ??= () => {}
      for (const worker of attempt.workers) void worker.terminate()
    }
    const result = { jobId: this.jobId, status, failure: this.#failure, durationMs: this.#endTimeMs - this.startTimeMs }
    const retention = this.#options.checkpointing?.retention
    if (retention === undefined) {
      this.#resolveResult(result)
      return
    }
    const temporaryDir = this.#options.checkpointing?.temporaryDir
    retention.onJobTerminated(status)
      .then(() => (temporaryDir === undefined ? undefined : rm(temporaryDir, { recursive: true, force: true })))
      .catch(() => undefined)
      .finally(() => this.#resolveResult(result))
  }

  #transition(status: JobStatus): void {
    if (!JOB_STATUS_TRANSITIONS[this.#status].includes(status)) return
    this.#status = status
    for (const listener of this.#statusListeners) listener(status)
  }
}
