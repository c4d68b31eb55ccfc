import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import type { SubtaskMetrics } from '../../src/coordinator/metrics/subtask-metrics.js'
import { submitJob } from '../../src/job/submit-job.js'
import { pollUntil } from '../support/poll-until.js'

const SLOW_SINK_JOB = fileURLToPath(new URL('./jobs/slow-sink.job.ts', import.meta.url))

function subtaskOf(jobMaster: JobMaster, vertexNamePrefix: string): SubtaskMetrics | undefined {
  const vertex = jobMaster.jobGraph.vertices.find((v) => v.name.startsWith(vertexNamePrefix))
  assert.ok(vertex, `no vertex named ${vertexNamePrefix}…`)
  return jobMaster.metrics().find((m) => m.vertexId === vertex.id)
}

describe('backpressure', { timeout: 120_000 }, () => {
  it('stalls a fast source behind a 1 ms-per-record sink with flat worker heap, and measures it', async () => {
    const { jobMaster } = await submitJob({ jobPath: SLOW_SINK_JOB, configEntries: [], jobArgs: ['--events', '10000000', '--sink', 'slow'] })
    try {
      await pollUntil('the job to run', () => (jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 20 })
      const startedAt = Date.now()
      const heapSamples: { atMs: number; bytes: number }[] = []
      while (Date.now() - startedAt < 30_000) {
        // one heap sample per metrics report (workers report every second)
        const previous = jobMaster.metrics()
        await pollUntil('the next metrics report', () => (jobMaster.metrics() !== previous ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 })
        assert.equal(jobMaster.status, 'RUNNING', `job left RUNNING: ${jobMaster.failure?.message}`)
        const heap = [...jobMaster.workerHeapUsedBytes().values()].reduce((a, b) => a + b, 0)
        heapSamples.push({ atMs: Date.now() - startedAt, bytes: heap })
      }
      const source = subtaskOf(jobMaster, 'Source: Generator')!
      const sink = subtaskOf(jobMaster, 'Sink: Slow Sink')!
      assert.ok(source.backPressuredTimeMsPerSecond > 600, `source backPressuredTimeMsPerSecond = ${source.backPressuredTimeMsPerSecond}`)
      assert.ok(sink.busyTimeMsPerSecond > 900, `sink busyTimeMsPerSecond = ${sink.busyTimeMsPerSecond}`)
      // bounded buffers: the source emitted only what the sink consumed plus a few buffers
      assert.ok(source.numRecordsOut < sink.numRecordsIn + 20_000, `source sent ${source.numRecordsOut}, sink took ${sink.numRecordsIn}`)
      const early = Math.max(...heapSamples.filter((s) => s.atMs >= 5_000 && s.atMs < 15_000).map((s) => s.bytes))
      const late = Math.max(...heapSamples.filter((s) => s.atMs >= 20_000).map((s) => s.bytes))
      assert.ok(late - early < 16 * 1024 * 1024, `worker heap grew from ${early} to ${late} bytes`)
    } finally {
      await jobMaster.cancel()
    }
  })

  it('shows no backpressure when an unthrottled source feeds a blackhole', async () => {
    const { jobMaster } = await submitJob({ jobPath: SLOW_SINK_JOB, configEntries: [], jobArgs: ['--events', '1000000000', '--sink', 'blackhole'] })
    try {
      const metrics = await pollUntil('five seconds of source metrics', () => {
        const source = subtaskOf(jobMaster, 'Source: Generator')
        return source !== undefined && source.accumulateBusyTimeMs + source.accumulateIdleTimeMs + source.accumulateBackPressuredTimeMs > 5_000 ? source : undefined
      }, { timeoutMs: 60_000, intervalMs: 100 })
      assert.ok(metrics.numRecordsOut > 100_000, `the source sent only ${metrics.numRecordsOut} records`)
      assert.ok(metrics.backPressuredTimeMsPerSecond <= 100, `source backPressuredTimeMsPerSecond = ${metrics.backPressuredTimeMsPerSecond}`)
    } finally {
      await jobMaster.cancel()
    }
  })
})
