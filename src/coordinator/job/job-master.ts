import { randomBytes } from 'node:crypto'
import { MessageChannel, Worker } from 'node:worker_threads'
import type { JobGraph } from '../../graph/job-graph.js'
import type { CoordinatorToWorker, RuntimeSettings, WorkerToCoordinator } from '../../protocol/messages.js'
import type { Clock } from '../../util/clock.js'
import { SubtaskMetricsStore } from '../metrics/subtask-metrics-store.js'
import type { SubtaskMetrics } from '../metrics/subtask-metrics.js'
import { planDeployment, type DeploymentPlan } from '../scheduler/deployment-plan.js'
import { jobFailureOf, type JobFailure } from './job-failure.js'
import { JOB_STATUS_TRANSITIONS, isGloballyTerminal, type JobStatus } from './job-status.js'

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
}

/**
 * Runs one job (Flink's JobMaster): deploys its subtasks onto worker threads, follows their
 * state, collects metrics, and ends the job as FINISHED, FAILED or CANCELED.
 */
export class JobMaster {
  readonly jobId: string
  readonly jobGraph: JobGraph
  readonly startTimeMs: number
  readonly #options: JobMasterOptions
  readonly #metrics = new SubtaskMetricsStore()
  readonly #workers: Worker[] = []
  readonly #heapUsedBytes = new Map<number, number>()
  #plan: DeploymentPlan | undefined
  #status: JobStatus = 'CREATED'
  #failure: JobFailure | undefined
  #endTimeMs: number | undefined
  #finishedTasks = 0
  #deployedWorkers = 0
  #canceledWorkers = 0
  #resolveResult!: (result: JobResult) => void
  readonly #result: Promise<JobResult>
  readonly #statusListeners: ((status: JobStatus) => void)[] = []

  constructor(options: JobMasterOptions) {
    this.#options = options
    this.jobGraph = options.jobGraph
    this.jobId = options.jobId ?? randomBytes(16).toString('hex')
    this.startTimeMs = options.clock.nowMs()
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

  /** Resolves when the job reached FINISHED, FAILED or CANCELED. */
  result(): Promise<JobResult> {
    return this.#result
  }

  onStatusChange(listener: (status: JobStatus) => void): void {
    this.#statusListeners.push(listener)
  }

  /** The latest metrics of every subtask (an immutable snapshot). */
  metrics(): readonly SubtaskMetrics[] {
    return this.#metrics.snapshot()
  }

  /** Heap in use per worker thread, from the last metrics report. */
  workerHeapUsedBytes(): ReadonlyMap<number, number> {
    return this.#heapUsedBytes
  }

  /** Starts the workers and deploys the job. */
  start(): void {
    const { jobGraph, slotsPerWorker } = this.#options
    const plan = planDeployment(jobGraph, slotsPerWorker, 0)
    this.#plan = plan
    const ports = new Map<string, MessageChannel>()
    for (let a = 0; a < plan.numWorkers; a++) {
      for (let b = a + 1; b < plan.numWorkers; b++) ports.set(`${a}-${b}`, new MessageChannel())
    }
    for (let index = 0; index < plan.numWorkers; index++) {
      const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { workerIndex: index } })
      this.#workers.push(worker)
      worker.on('message', (message: WorkerToCoordinator) => this.#onMessage(message))
      worker.on('error', (error) => this.#fail(jobFailureOf({ code: 'SLUICE_WORKER_CRASHED', message: `worker ${index} crashed: ${error.message}`, domain: 'internal', operatorName: undefined, stack: error.stack }, this.#options.clock.nowMs())))
      worker.on('exit', (code) => {
        if (!isGloballyTerminal(this.#status) && this.#status !== 'CANCELLING') {
          this.#fail(jobFailureOf({ code: 'SLUICE_WORKER_EXITED', message: `worker ${index} exited unexpectedly with code ${code}`, domain: 'internal', operatorName: undefined, stack: undefined }, this.#options.clock.nowMs()))
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
      const deploy: CoordinatorToWorker = {
        type: 'deploy',
        jobId: this.jobId,
        jobModuleUrl: this.#options.jobModuleUrl,
        jobArgs: this.#options.jobArgs,
        config: this.#options.configEntries,
        jobGraphFingerprint: jobGraph.fingerprint,
        workerIndex: index,
        tasks: plan.tasksByWorker[index]!,
        checkpointing: undefined,
        channels: plan.channels.filter((c) => c.producerWorker === index || c.consumerWorker === index),
        settings: this.#options.settings,
        peers,
      }
      worker.postMessage(deploy, transfer)
    }
  }

  /** Cancels the job; resolves when it is CANCELED (or had already ended). */
  async cancel(): Promise<JobResult> {
    if (!isGloballyTerminal(this.#status) && this.#status !== 'CANCELLING' && this.#status !== 'FAILING') {
      this.#transition('CANCELLING')
      this.#stopWorkers(() => this.#end('CANCELED'))
    }
    return this.#result
  }

  #onMessage(message: WorkerToCoordinator): void {
    switch (message.type) {
      case 'deployed':
        this.#deployedWorkers++
        if (this.#deployedWorkers === this.#workers.length && this.#status === 'CREATED') {
          this.#transition('RUNNING')
          for (const worker of this.#workers) worker.postMessage({ type: 'start' } satisfies CoordinatorToWorker)
        }
        return
      case 'task-running':
        return
      case 'task-finished':
        this.#finishedTasks++
        if (this.#finishedTasks === this.#totalTasks() && this.#status === 'RUNNING') {
          this.#transition('FINISHED')
          this.#end('FINISHED')
        }
        return
      case 'task-failed':
        this.#fail(jobFailureOf(message.failure, this.#options.clock.nowMs()))
        return
      case 'worker-failed':
        this.#fail(jobFailureOf(message.failure, this.#options.clock.nowMs()))
        return
      case 'metrics':
        for (const sample of message.samples) this.#metrics.record(sample)
        this.#heapUsedBytes.set(message.workerIndex, message.heapUsedBytes)
        return
      case 'canceled':
        this.#canceledWorkers++
        this.#maybeStopped()
    }
  }

  #totalTasks(): number {
    return this.#plan!.tasksByWorker.reduce((sum, tasks) => sum + tasks.length, 0)
  }

  #fail(failure: JobFailure): void {
    if (isGloballyTerminal(this.#status) || this.#status === 'FAILING') return
    this.#failure = failure
    if (this.#status === 'CANCELLING') {
      this.#end('FAILED')
      return
    }
    this.#transition('FAILING')
    this.#stopWorkers(() => this.#end('FAILED'))
  }

  #onStopped: (() => void) | undefined

  #stopWorkers(then: () => void): void {
    this.#onStopped = then
    this.#canceledWorkers = 0
    for (const worker of this.#workers) worker.postMessage({ type: 'cancel' } satisfies CoordinatorToWorker)
    setTimeout(() => this.#forceStopped(), CANCEL_GRACE_MS).unref()
  }

  #maybeStopped(): void {
    if (this.#canceledWorkers >= this.#workers.length) this.#forceStopped()
  }

  #forceStopped(): void {
    const then = this.#onStopped
    this.#onStopped = undefined
    then?.()
  }

  #end(status: JobResult['status']): void {
    if (isGloballyTerminal(this.#status) && this.#endTimeMs !== undefined) return
    if (this.#status !== status) this.#transition(status)
    this.#endTimeMs = this.#options.clock.nowMs()
    for (const worker of this.#workers) void worker.terminate()
    this.#resolveResult({ jobId: this.jobId, status, failure: this.#failure, durationMs: this.#endTimeMs - this.startTimeMs })
  }

  #transition(status: JobStatus): void {
    if (!JOB_STATUS_TRANSITIONS[this.#status].includes(status)) return
    this.#status = status
    for (const listener of this.#statusListeners) listener(status)
  }
}
