import type { Worker } from 'node:worker_threads'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import type { JobStatus } from '../../src/coordinator/job/job-status.js'
import { pause, pollUntil } from './poll-until.js'

/**
 * When a fault round kills a worker: at a random moment of steady running; while a checkpoint is in progress; right
 * after a restart reached RUNNING (the restored tasks run, no new checkpoint yet); or while the new attempt's workers
 * deploy and restore (status RESTARTING). The last two kill twice: once to cause a restart, once during it.
 */
export const FAULT_PHASES = ['steady', 'snapshot', 'restore-running', 'restore-deploying'] as const
export type FaultPhase = (typeof FAULT_PHASES)[number]

/** One worker killed by the injector, and what the job looked like at that moment. */
export interface WorkerKill {
  readonly phase: FaultPhase | 'cause-restart'
  readonly workerIndex: number
  readonly status: JobStatus
  readonly checkpointsInProgress: number
  readonly checkpointsCompleted: number
  readonly numRestarts: number
}

/** One fault round: its kills, and the recovery (RUNNING plus a new completed checkpoint) that preceded it. */
export interface FaultRound {
  readonly round: number
  readonly phase: FaultPhase
  /** Completed checkpoints when the round started, after the previous round's recovery. */
  readonly checkpointsCompletedAtStart: number
  /** How long the previous round's recovery took, from its last kill to RUNNING with a new checkpoint. */
  readonly recoveryMs: number
  readonly kills: readonly WorkerKill[]
}

/** How the injector picks its moments. */
export interface WorkerFaultInjectorOptions {
  /** A seeded random in [0, 1), so a failing run's choices can be replayed. */
  readonly random: () => number
  /**
   * Longest wait for the first deployment to reach RUNNING: a cold start, in which every worker loads tsx and the job
   * module for the first time, takes longer than a restart.
   */
  readonly firstDeployBudgetMs: number
  /** Longest wait for the job to be RUNNING again with a new completed checkpoint after a round. */
  readonly recoveryBudgetMs: number
  /** Longest random pause before a steady-phase kill. */
  readonly maxSteadyDelayMs?: number
  /** Longest random pause between a checkpoint's trigger and the snapshot-phase kill. */
  readonly maxSnapshotDelayMs?: number
  /** Longest random pause between the new workers' creation and the restore-deploying kill. */
  readonly maxDeployDelayMs?: number
}

/** Why fault injection stopped before the requested number of rounds. */
export class JobEndedDuringFaultsError extends Error {
  constructor(readonly status: JobStatus, readonly roundsDone: number) {
    super(`the job reached ${status} after ${roundsDone} fault rounds, before all were injected (size its input larger)`)
  }
}

/**
 * Kills worker threads of a running job in rounds; before every round (and after the last) it waits until the
 * job is RUNNING again and completed a checkpoint after the previous round's last kill, and fails if that takes
 * longer than the recovery budget: a job that keeps restarting without ever checkpointing again makes no progress.
 * The wait for the first deployment has a budget of its own.
 */
export class WorkerFaultInjector {
  readonly #jobMaster: JobMaster
  readonly #options: Required<WorkerFaultInjectorOptions>
  readonly #rounds: FaultRound[] = []
  #lastKill: WorkerKill | undefined
  #lastKillAtMs = 0
  #onStatus: ((status: JobStatus) => void) | undefined

  constructor(jobMaster: JobMaster, options: WorkerFaultInjectorOptions) {
    this.#jobMaster = jobMaster
    this.#options = { maxSteadyDelayMs: 250, maxSnapshotDelayMs: 10, maxDeployDelayMs: 150, ...options }
    jobMaster.onStatusChange((status) => this.#onStatus?.(status))
  }

  /** Every round so far. */
  get rounds(): readonly FaultRound[] {
    return this.#rounds
  }

  /** Injects `count` rounds, cycling through FAULT_PHASES, then waits for the last round's recovery. */
  async injectRounds(count: number): Promise<readonly FaultRound[]> {
    for (let i = 0; i < count; i++) {
      const recoveryMs = await this.#awaitRecovery()
      const phase = FAULT_PHASES[this.#rounds.length % FAULT_PHASES.length]!
      const checkpointsCompletedAtStart = this.#completed()
      const kills = await this.#inject(phase)
      this.#rounds.push({ round: this.#rounds.length + 1, phase, checkpointsCompletedAtStart, recoveryMs, kills })
    }
    await this.#awaitRecovery()
    return this.#rounds
  }

  async #inject(phase: FaultPhase): Promise<WorkerKill[]> {
    const { random, maxSteadyDelayMs, maxSnapshotDelayMs, maxDeployDelayMs } = this.#options
    const jobMaster = this.#jobMaster
    switch (phase) {
      case 'steady':
        await pause(random() * maxSteadyDelayMs)
        return [this.#kill(phase)]
      case 'snapshot':
        await pollUntil('a checkpoint in progress', () => (this.#inProgress() > 0 ? true : undefined), { timeoutMs: this.#options.recoveryBudgetMs })
        await pause(random() * maxSnapshotDelayMs)
        return [this.#kill(phase)]
      case 'restore-running': {
        // killed synchronously inside the RUNNING transition: the restored tasks have just started
        const running = new Promise<WorkerKill>((resolve) => {
          this.#onStatus = (status) => {
            if (status !== 'RUNNING') return
            this.#onStatus = undefined
            resolve(this.#kill(phase))
          }
        })
        const first = this.#kill('cause-restart')
        const second = await withTimeout(running, this.#options.recoveryBudgetMs, () => `RUNNING after a kill (status ${jobMaster.status})`)
        return [first, second]
      }
      case 'restore-deploying': {
        await pause(random() * maxSteadyDelayMs)
        const killedAttempt = jobMaster.workerThreads()
        const first = this.#kill('cause-restart')
        await pollUntil(() => `the new attempt's workers (status ${jobMaster.status})`, () => {
          const workers = jobMaster.workerThreads()
          return workers !== killedAttempt && workers.length > 0 ? true : undefined
        }, { timeoutMs: this.#options.recoveryBudgetMs })
        await pause(random() * maxDeployDelayMs)
        return [first, this.#kill(phase)]
      }
    }
  }

  #kill(phase: WorkerKill['phase']): WorkerKill {
    const jobMaster = this.#jobMaster
    const workers: readonly Worker[] = jobMaster.workerThreads()
    const workerIndex = Math.floor(this.#options.random() * workers.length)
    const kill: WorkerKill = {
      phase,
      workerIndex,
      status: jobMaster.status,
      checkpointsInProgress: this.#inProgress(),
      checkpointsCompleted: this.#completed(),
      numRestarts: jobMaster.numRestarts,
    }
    void workers[workerIndex]!.terminate()
    this.#lastKill = kill
    this.#lastKillAtMs = Date.now()
    return kill
  }

  /**
   * Waits until the job runs and, after a kill, completed a checkpoint since; returns how long the recovery took (0
   * for the first deployment).
   */
  async #awaitRecovery(): Promise<number> {
    const jobMaster = this.#jobMaster
    const isFirstDeploy = this.#lastKill === undefined
    const awaited = isFirstDeploy ? 'the first deployment to be RUNNING' : `RUNNING with a checkpoint completed after kill ${this.#rounds.length}`
    await pollUntil(() => `${awaited} (status ${jobMaster.status}, ` +
      `${this.#completed()} completed, ${jobMaster.numRestarts} restarts, failure: ${jobMaster.failure?.message ?? 'none'})`, () => {
      const status = jobMaster.status
      if (status === 'FINISHED' || status === 'FAILED' || status === 'CANCELED') throw new JobEndedDuringFaultsError(status, this.#rounds.length)
      const lastKill = this.#lastKill
      if (lastKill === undefined) return status === 'RUNNING' ? true : undefined
      // a checkpoint whose acks were already in flight can complete before the job notices a kill at RUNNING
      const isNoticed = lastKill.status !== 'RUNNING' || jobMaster.numRestarts > lastKill.numRestarts
      return isNoticed && status === 'RUNNING' && this.#completed() > lastKill.checkpointsCompleted ? true : undefined
    }, { timeoutMs: isFirstDeploy ? this.#options.firstDeployBudgetMs : this.#options.recoveryBudgetMs })
    return isFirstDeploy ? 0 : Date.now() - this.#lastKillAtMs
  }

  #completed(): number {
    return this.#jobMaster.checkpointStats?.snapshot().counts.completed ?? 0
  }

  #inProgress(): number {
    return this.#jobMaster.checkpointStats?.snapshot().counts.inProgress ?? 0
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
