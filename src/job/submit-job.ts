import type { ConfigEntry } from '../config/config-entry.js'
import { Configuration } from '../config/configuration.js'
import { configRegistry } from '../config/options/all-options.js'
import { AUTO_WATERMARK_INTERVAL, BUFFER_TIMEOUT } from '../config/options/pipeline-options.js'
import {
  MEMORY_SEGMENT_SIZE, NETWORK_BUFFERS_PER_CHANNEL, NETWORK_EXTRA_BUFFERS_PER_GATE, NUM_TASK_SLOTS,
} from '../config/options/task-manager-options.js'
import { JobMaster } from '../coordinator/job/job-master.js'
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
}

/** A submitted job: its master and the configuration it runs with. */
export interface SubmittedJob {
  readonly jobMaster: JobMaster
  readonly configuration: Configuration
}

/**
 * Validates the configuration, loads the job file, builds its JobGraph and starts it on
 * worker threads (what `sluice run` does, reusable by tests and benchmarks).
 */
export async function submitJob(submission: JobSubmission): Promise<SubmittedJob> {
  const configuration = Configuration.fromEntries(submission.configEntries, configRegistry)
  const jobModuleUrl = resolveJobModuleUrl(submission.jobPath)
  const main = await importJobMain(jobModuleUrl)
  const jobGraph = await buildJobGraph(main, jobModuleUrl, submission.jobArgs, configuration)
  const jobMaster = new JobMaster({
    jobGraph,
    jobModuleUrl,
    jobArgs: submission.jobArgs,
    configEntries: submission.configEntries.map(({ key, value }) => ({ key, value })),
    slotsPerWorker: configuration.get(NUM_TASK_SLOTS),
    settings: {
      segmentSizeBytes: configuration.get(MEMORY_SEGMENT_SIZE),
      buffersPerChannel: configuration.get(NETWORK_BUFFERS_PER_CHANNEL),
      floatingBuffersPerGate: configuration.get(NETWORK_EXTRA_BUFFERS_PER_GATE),
      bufferTimeoutMs: configuration.get(BUFFER_TIMEOUT),
      autoWatermarkIntervalMs: configuration.get(AUTO_WATERMARK_INTERVAL),
      metricsIntervalMs: submission.metricsIntervalMs ?? 1000,
    },
    clock: submission.clock ?? systemClock,
  })
  jobMaster.start()
  return { jobMaster, configuration }
}
