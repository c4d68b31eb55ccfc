import type { Configuration } from '../config/configuration.js'
import { CHECKPOINTING_INTERVAL } from '../config/options/checkpointing-options.js'
import { DEFAULT_PARALLELISM, OBJECT_REUSE } from '../config/options/pipeline-options.js'
import { RESTART_STRATEGY } from '../config/options/restart-strategy-options.js'
import { STATE_BACKEND } from '../config/options/state-backend-options.js'
import { NUM_TASK_SLOTS } from '../config/options/task-manager-options.js'
import type { JobMaster } from '../coordinator/job/job-master.js'
import { planDeployment, type DeploymentPlan } from '../coordinator/scheduler/deployment-plan.js'
import type { Clock } from '../util/clock.js'
import { ExceptionHistory } from './exception-history.js'
import { JobStatusHistory } from './job-status-history.js'
import { SavepointOperations } from './savepoint-operations.js'

/** The configuration facts of a job that its REST resources show. */
export interface JobConfigInfo {
  readonly restartStrategy: string
  readonly parallelism: number
  readonly isObjectReuse: boolean
  /** The job's configuration entries as given (`-D`), Flink's `user-config`. */
  readonly userConfig: Readonly<Record<string, string>>
  /** Flink's StateBackend class name for state.backend.type. */
  readonly stateBackendName: string
  readonly slotsPerWorker: number
}

/**
 * One job as the REST API serves it: its JobMaster (read-only views, plus cancel and savepoints) and what REST
 * records on the side because the master does not keep it: status timestamps, the exception history, savepoint
 * operations, and where subtasks run.
 */
export class ServedJob {
  readonly jobMaster: JobMaster
  readonly config: JobConfigInfo
  readonly statusHistory: JobStatusHistory
  readonly exceptions: ExceptionHistory
  readonly savepoints = new SavepointOperations()
  /** Where subtasks run: the placement every attempt of the job uses. */
  readonly deployment: DeploymentPlan

  constructor(jobMaster: JobMaster, configuration: Configuration, configEntries: readonly { key: string; value: string }[], clock: Clock) {
    this.jobMaster = jobMaster
    this.statusHistory = new JobStatusHistory(jobMaster, clock)
    this.exceptions = new ExceptionHistory(jobMaster)
    const slotsPerWorker = configuration.get(NUM_TASK_SLOTS)
    const restartType = configuration.get(RESTART_STRATEGY)
      ?? (configuration.get(CHECKPOINTING_INTERVAL) !== undefined ? 'exponential-delay' : 'disable')
    this.config = Object.freeze({
      restartStrategy: `Restart strategy ${restartType}${configuration.isSet(RESTART_STRATEGY) ? '' : ' (the default)'}`,
      parallelism: configuration.get(DEFAULT_PARALLELISM),
      isObjectReuse: configuration.get(OBJECT_REUSE),
      userConfig: Object.freeze(Object.fromEntries(configEntries.map(({ key, value }) => [key, value]))),
      stateBackendName: configuration.get(STATE_BACKEND) === 'rocksdb' ? 'EmbeddedRocksDBStateBackend' : 'HashMapStateBackend',
      slotsPerWorker,
    })
    this.deployment = planDeployment(jobMaster.jobGraph, slotsPerWorker, 0)
  }

  get jobId(): string {
    return this.jobMaster.jobId
  }

  /** The worker ("TaskManager") index that runs subtask `subtaskIndex` of any vertex (slot sharing). */
  workerOf(subtaskIndex: number): number {
    return Math.floor(subtaskIndex / this.deployment.slotsPerWorker)
  }
}
