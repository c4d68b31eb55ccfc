import { LATENCY_GRANULARITY, LATENCY_HISTORY_SIZE, LATENCY_INTERVAL } from '../config/options/latency-tracking-options.js'
import type { ConfigEntry } from '../config/config-entry.js'
import { Configuration } from '../config/configuration.js'
import { configRegistry } from '../config/options/all-options.js'
import { AUTO_WATERMARK_INTERVAL, BUFFER_TIMEOUT } from '../config/options/pipeline-options.js'
import {
  MEMORY_SEGMENT_SIZE, NETWORK_BUFFERS_PER_CHANNEL, NETWORK_EXTRA_BUFFERS_PER_GATE, NUM_TASK_SLOTS,
} from '../config/options/task-manager-options.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { checkpointCoordinatorConfigurationFrom } from '../coordinator/checkpoint/checkpoint-coordinator-configuration.js'
import { SAVEPOINT_DIRECTORY } from '../config/options/checkpointing-options.js'
import { SLOT_REQUEST_TIMEOUT } from '../config/options/job-manager-options.js'
import { JobMaster, type JobCheckpointing } from '../coordinator/job/job-master.js'
import { restartBackoffTimeStrategyFrom } from '../coordinator/job/restart-backoff-time-strategy.js'
import { checkReporterConfiguration } from '../metrics/reporters/create-reporter.js'
import { CheckpointRetention } from '../state/checkpoint-storage/checkpoint-retention.js'
import { FileSystemCheckpointStorage } from '../state/checkpoint-storage/file-system-checkpoint-storage.js'
import type { CheckpointMetadata } from '../state/checkpoint-storage/checkpoint-metadata.js'
import { verifyCheckpoint } from '../state/checkpoint-storage/checkpoint-reader.js'
import { checkLocalDirectoryOption } from '../state/checkpoint-storage/local-path.js'
import { resolveRestorePath } from '../state/checkpoint-storage/restore-path.js'
import { systemClock, type Clock } from '../util/clock.js'
import { buildJobGraph, importJobMain, resolveJobModuleUrl } from './job-loader.js'

/** What to run. */
export interface JobSubmission {
  readonly jobPath: string
  readonly configEntries: readonly ConfigEntry[]
  readonly jobArgs: readonly string[]
  /** How often workers report metrics; 1 s unless a test wants it faster. */
  readonly metricsIntervalMs?: number
  readonly clock?: Clock
  /** `-s`: a chk-<n> or savepoint directory to resume from. */
  readonly restorePath?: string
  /** `--allowNonRestoredState`: drop state of operators the job no longer has. */
  readonly allowNonRestoredState?: boolean
  readonly jobId?: string
}

/** A submitted job: its master and the configuration it runs with. */
export interface SubmittedJob {
  readonly jobMaster: JobMaster
  readonly configuration: Configuration
}

/**
 * Validates the configuration (metric reporters included), loads the job file, builds its JobGraph, prepares its
 * checkpoint storage and starts it on worker threads (what `sluice run` does, reusable by tests and benchmarks).
 */
export async function submitJob(submission: JobSubmission): Promise<SubmittedJob> {
  const configuration = Configuration.fromEntries(submission.configEntries, configRegistry)
  // metric reporters are built and the savepoint directory used only once the job runs: a mistake in their keys must
  // stop the submission all the same
  checkReporterConfiguration(configuration)
  checkLocalDirectoryOption(configuration, SAVEPOINT_DIRECTORY)
  const jobModuleUrl = resolveJobModuleUrl(submission.jobPath)
  const main = await importJobMain(jobModuleUrl)
  const jobGraph = await buildJobGraph(main, jobModuleUrl, submission.jobArgs, configuration)
  const jobId = submission.jobId ?? randomBytes(16).toString('hex')
  const initialRestore = submission.restorePath === undefined ? undefined : await verifiedRestoreSource(submission.restorePath)
  const checkpointing = checkpointingOf(configuration, jobId)
  if (checkpointing !== undefined) await prepareCheckpointStorage(checkpointing)
  const jobMaster = new JobMaster({
    jobId,
    checkpointing,
    restartStrategy: restartBackoffTimeStrategyFrom(configuration, checkpointing?.configuration.intervalMs !== undefined),
    ...(initialRestore !== undefined ? { initialRestore } : {}),
    allowNonRestoredState: submission.allowNonRestoredState ?? false,
    jobGraph,
    jobModuleUrl,
    jobArgs: submission.jobArgs,
    configEntries: submission.configEntries.map(({ key, value }) => ({ key, value })),
    slotsPerWorker: configuration.get(NUM_TASK_SLOTS),
    deploymentTimeoutMs: configuration.get(SLOT_REQUEST_TIMEOUT),
    settings: {
      segmentSizeBytes: configuration.get(MEMORY_SEGMENT_SIZE),
      buffersPerChannel: configuration.get(NETWORK_BUFFERS_PER_CHANNEL),
      floatingBuffersPerGate: configuration.get(NETWORK_EXTRA_BUFFERS_PER_GATE),
      bufferTimeoutMs: configuration.get(BUFFER_TIMEOUT),
      autoWatermarkIntervalMs: configuration.get(AUTO_WATERMARK_INTERVAL),
      metricsIntervalMs: submission.metricsIntervalMs ?? 1000,
      latencyTracking: {
        intervalMs: configuration.get(LATENCY_INTERVAL),
        granularity: configuration.get(LATENCY_GRANULARITY),
        historySize: configuration.get(LATENCY_HISTORY_SIZE),
      },
    },
    clock: submission.clock ?? systemClock,
  })
  jobMaster.start()
  return { jobMaster, configuration }
}

/**
 * The job's checkpointing, when execution.checkpointing.interval is set. Without
 * execution.checkpointing.dir, checkpoints go to a temporary directory that lives as long as the
 * job (like Flink's JobManager checkpoint storage: they serve recovery, not a later resume).
 */
function checkpointingOf(configuration: Configuration, jobId: string): JobCheckpointing | undefined {
  const coordinatorConfiguration = checkpointCoordinatorConfigurationFrom(configuration)
  if (coordinatorConfiguration.intervalMs === undefined) return undefined
  const temporaryDir = coordinatorConfiguration.checkpointsDir === undefined ? mkdtempSync(join(tmpdir(), 'sluice-checkpoints-')) : undefined
  const storage = FileSystemCheckpointStorage.fromConfiguration(configuration, jobId) ?? new FileSystemCheckpointStorage({
    checkpointsDir: temporaryDir!,
    jobId,
    isCompressionEnabled: coordinatorConfiguration.isSnapshotCompressed,
  })
  const isTemporary = temporaryDir !== undefined
  const retention = new CheckpointRetention({
    jobDir: storage.jobDir,
    numRetained: coordinatorConfiguration.numRetained,
    externalizedRetention: isTemporary ? 'NO_EXTERNALIZED_CHECKPOINTS' : coordinatorConfiguration.externalizedRetention,
  })
  const defaultSavepointDir = configuration.get(SAVEPOINT_DIRECTORY)
  return {
    configuration: coordinatorConfiguration, storage, retention,
    ...(temporaryDir !== undefined ? { temporaryDir } : {}),
    ...(defaultSavepointDir !== undefined ? { defaultSavepointDir } : {}),
  }
}

/**
 * Creates the job's checkpoint directories before the job starts, so that one that cannot be created (a typo, a path
 * under /proc, a hung mount) stops the submission with the storage's error instead of failing the job after it.
 */
async function prepareCheckpointStorage(checkpointing: JobCheckpointing): Promise<void> {
  try {
    await checkpointing.storage.initialize()
  } catch (thrown) {
    if (checkpointing.temporaryDir !== undefined) rmSync(checkpointing.temporaryDir, { recursive: true, force: true })
    throw thrown
  }
}

/**
 * The checkpoint or savepoint `-s` names, with every state file checked up front: a corrupt one
 * fails the submission, naming the file, instead of every restart.
 */
async function verifiedRestoreSource(restorePath: string): Promise<{ checkpointDir: string; metadata: CheckpointMetadata }> {
  const { checkpointDir } = await resolveRestorePath(restorePath)
  return { checkpointDir, metadata: await verifyCheckpoint(checkpointDir) }
}
