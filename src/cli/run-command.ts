import { Configuration } from '../config/configuration.js'
import { configRegistry } from '../config/options/all-options.js'
import type { JobMaster } from '../coordinator/job/job-master.js'
import type { SubtaskMetrics } from '../coordinator/metrics/subtask-metrics.js'
import { submitJob } from '../job/submit-job.js'
import { startJobMetrics } from '../metrics/job-metrics.js'
import { systemClock } from '../util/clock.js'
import { JobInterruption } from './job-interruption.js'
import { startMonitoringServer } from './monitoring-server.js'
import { parseRunArguments } from './run-arguments.js'

/** How often a running job prints a status line. */
const STATUS_INTERVAL_MS = 10_000
/** How long a process whose job ended waits for a client to read the result of a savepoint it triggered (stop-with-savepoint). */
const SAVEPOINT_RESULT_GRACE_MS = 10_000

/**
 * `sluice run`: serves the REST API, runs a job until it ends or is interrupted, and with --keep-serving keeps
 * serving until Ctrl-C; returns the exit code of the job.
 */
export async function runCommand(args: readonly string[]): Promise<number> {
  const parsed = parseRunArguments(args)
  // validated here as well as in submitJob: the REST port must be bound before any worker starts
  const monitoring = await startMonitoringServer(Configuration.fromEntries(parsed.configEntries, configRegistry), systemClock)
  try {
    const { jobMaster, configuration } = await submitJob({ ...parsed, clock: systemClock })
    const interruption = new JobInterruption({ cancel: () => { void jobMaster.cancel() }, log: (line) => process.stderr.write(`${line}\n`) })
    const job = monitoring.addJob(jobMaster, parsed.configEntries)
    for (const hint of configuration.deprecationHints) process.stderr.write(`warning: ${hint}\n`)
    const exitCode = await runUntilEnd(jobMaster, monitoring.url, configuration, interruption)
    // a stop-with-savepoint ends the job; its client still needs to read where the savepoint went
    await job.savepoints.awaitResultsFetched(SAVEPOINT_RESULT_GRACE_MS)
    if (parsed.isKeepServing && !interruption.isInterrupted) await serveUntilInterrupted(monitoring.url)
    return exitCode
  } finally {
    await monitoring.close()
  }
}

/** With --keep-serving: the job ended, its REST resources stay readable until SIGINT or SIGTERM. */
function serveUntilInterrupted(url: string): Promise<void> {
  process.stderr.write(`Still serving the REST API at ${url} (--keep-serving); press Ctrl-C to exit\n`)
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

async function runUntilEnd(jobMaster: JobMaster, restUrl: string, configuration: Configuration,
  interruption: JobInterruption): Promise<number> {
  const graph = jobMaster.jobGraph
  const parallelism = Math.max(...graph.vertices.map((v) => v.parallelism))
  // the REST URL goes on the submission line: the banner stays one line plus one per task
  process.stderr.write(`Job '${graph.jobName}' (${jobMaster.jobId}) submitted: ${graph.vertices.length} task(s), parallelism ${parallelism}; REST API at ${restUrl}\n`)
  for (const vertex of graph.vertices) process.stderr.write(`  ${vertex.name} [${vertex.parallelism}]\n`)
  // metric reporters (metrics.reporter.<name>.*) for the running job; they stop when it ends
  const jobMetrics = await startJobMetrics(jobMaster, configuration)

  jobMaster.onRestart((failure, restartNumber, backoffMs) => {
    process.stderr.write(`Job failed: ${failure.message} [${failure.code}]; restart ${restartNumber} from the latest checkpoint in ${backoffMs} ms\n`)
  })
  interruption.listen()
  const statusTimer = setInterval(() => process.stderr.write(statusLine(jobMaster)), STATUS_INTERVAL_MS)
  try {
    const result = await jobMaster.result()
    const seconds = (result.durationMs / 1000).toFixed(1)
    switch (result.status) {
      case 'FINISHED':
        process.stderr.write(`Job ${result.jobId} finished in ${seconds} s\n`)
        return 0
      case 'CANCELED':
        process.stderr.write(`Job ${result.jobId} canceled after ${seconds} s\n`)
        return interruption.isInterrupted ? 130 : 1
      case 'FAILED': {
        const failure = result.failure
        process.stderr.write(`Job failed: ${failure?.message ?? 'unknown cause'}${failure?.taskName !== undefined ? ` [in ${failure.taskName}]` : ''}${failure !== undefined ? ` [${failure.code}]` : ''}\n`)
        if (failure?.stack !== undefined) process.stderr.write(`${failure.stack}\n`)
        return 1
      }
    }
  } finally {
    await jobMetrics.stop()
    clearInterval(statusTimer)
    // from here a Ctrl-C ends the process the default way; a deadline started by the first one runs until it exits
    interruption.stopListening()
  }
}

/** One line per vertex: throughput and where time goes, the first things an operator looks at. */
function statusLine(jobMaster: JobMaster): string {
  const byVertex = new Map<string, SubtaskMetrics[]>()
  for (const m of jobMaster.metrics()) {
    const list = byVertex.get(m.vertexId) ?? []
    list.push(m)
    byVertex.set(m.vertexId, list)
  }
  const lines = [`[${new Date().toISOString()}] ${jobMaster.status}${jobMaster.numRestarts > 0 ? `, ${jobMaster.numRestarts} restart(s)` : ''}`]
  const checkpoints = jobMaster.checkpointStats?.metrics()
  if (checkpoints !== undefined) {
    const last = checkpoints.lastCompletedCheckpointId === undefined ? 'none completed yet'
      : `last #${checkpoints.lastCompletedCheckpointId} took ${checkpoints.lastCheckpointDuration} ms, ${Math.round((checkpoints.lastCheckpointFullSize ?? 0) / 1024)} KiB`
    lines.push(`  checkpoints: ${checkpoints.numberOfCompletedCheckpoints} completed, ${checkpoints.numberOfFailedCheckpoints} failed, ${checkpoints.numberOfInProgressCheckpoints} in progress; ${last}`)
  }
  for (const vertex of jobMaster.jobGraph.vertices) {
    const subtasks = byVertex.get(vertex.id) ?? []
    const sum = (pick: (m: SubtaskMetrics) => number) => subtasks.reduce((s, m) => s + pick(m), 0)
    const max = (pick: (m: SubtaskMetrics) => number) => subtasks.reduce((s, m) => Math.max(s, pick(m)), 0)
    lines.push(`  ${vertex.name}: in ${Math.round(sum((m) => m.numRecordsInPerSecond))}/s, out ${Math.round(sum((m) => m.numRecordsOutPerSecond))}/s, busy ${Math.round(max((m) => m.busyTimeMsPerSecond) / 10)}%, backpressured ${Math.round(max((m) => m.backPressuredTimeMsPerSecond) / 10)}%`)
  }
  return lines.join('\n') + '\n'
}
