import type { JobMaster } from '../coordinator/job/job-master.js'
import type { SubtaskMetrics } from '../coordinator/metrics/subtask-metrics.js'
import { submitJob } from '../job/submit-job.js'
import { startJobMetrics } from '../metrics/job-metrics.js'
import { parseRunArguments } from './run-arguments.js'

/** How often a running job prints a status line. */
const STATUS_INTERVAL_MS = 10_000

/** `sluice run`: runs a job until it ends or is interrupted; returns the exit code. */
export async function runCommand(args: readonly string[]): Promise<number> {
  const parsed = parseRunArguments(args)
  const { jobMaster, configuration } = await submitJob(parsed)
  for (const hint of configuration.deprecationHints) process.stderr.write(`warning: ${hint}\n`)
  const graph = jobMaster.jobGraph
  const parallelism = Math.max(...graph.vertices.map((v) => v.parallelism))
  process.stderr.write(`Job '${graph.jobName}' (${jobMaster.jobId}) submitted: ${graph.vertices.length} task(s), parallelism ${parallelism}\n`)
  for (const vertex of graph.vertices) process.stderr.write(`  ${vertex.name} [${vertex.parallelism}]\n`)
  // metric reporters (metrics.reporter.<name>.*) for the running job; they stop when it ends
  const jobMetrics = await startJobMetrics(jobMaster, configuration)

  let isInterrupted = false
  const interrupt = (): void => {
    if (isInterrupted) return
    isInterrupted = true
    process.stderr.write('\nCancelling job...\n')
    void jobMaster.cancel()
  }
  jobMaster.onRestart((failure, restartNumber, backoffMs) => {
    process.stderr.write(`Job failed: ${failure.message} [${failure.code}]; restart ${restartNumber} from the latest checkpoint in ${backoffMs} ms\n`)
  })
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
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
        return isInterrupted ? 130 : 1
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
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
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
