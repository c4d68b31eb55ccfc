import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { LATENCY_INTERVAL } from '../../src/config/options/latency-tracking-options.js'
import { DEFAULT_PARALLELISM } from '../../src/config/options/pipeline-options.js'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { submitJob } from '../../src/job/submit-job.js'
import type { LatencyHistogramSample } from '../../src/protocol/messages.js'
import { freePort, tryFetch } from '../support/metric-servers.js'
import { pollUntil } from '../support/poll-until.js'
import { spawnCli } from '../support/spawn-cli.js'

const LATENCY_PATH_JOB = fileURLToPath(new URL('./jobs/latency-path.job.ts', import.meta.url))

/** Starts the latency-path job at 1000 records/s with Work taking `workMs` per record. */
async function startLatencyPath(latencyIntervalMs: number, workMs: number): Promise<JobMaster> {
  const { jobMaster } = await submitJob({
    jobPath: LATENCY_PATH_JOB,
    configEntries: [
      { key: DEFAULT_PARALLELISM.key, value: '1', origin: '-D' },
      { key: LATENCY_INTERVAL.key, value: `${latencyIntervalMs}ms`, origin: '-D' },
    ],
    jobArgs: ['--events', '10000000', '--rate', '1000', '--work-ms', String(workMs)],
  })
  return jobMaster
}

function operatorIdOf(jobMaster: JobMaster, name: string): string {
  const operator = jobMaster.jobGraph.vertices.flatMap((v) => v.operators).find((o) => o.node.name === name)
  assert.ok(operator !== undefined, `no operator '${name}'`)
  return operator.operatorId
}

/** Runs the job until the sink recorded `markers` latency markers; returns the histograms of Work and Blackhole. */
async function latencyHistogramsOf(workMs: number, markers: number): Promise<{ work: LatencyHistogramSample; sink: LatencyHistogramSample; sourceId: string }> {
  const jobMaster = await startLatencyPath(1000, workMs)
  try {
    const sinkId = operatorIdOf(jobMaster, 'Blackhole')
    const histogramOf = (operatorId: string) => jobMaster.latencyHistograms().find((h) => h.operatorId === operatorId)
    const sink = await pollUntil(() => `${markers} latency markers at the sink (work ${workMs} ms)`,
      () => { const h = histogramOf(sinkId); return h !== undefined && h.statistics.count >= markers ? h : undefined },
      { timeoutMs: 60_000, intervalMs: 100 })
    return { sink, work: histogramOf(operatorIdOf(jobMaster, 'Work'))!, sourceId: operatorIdOf(jobMaster, 'Generator') }
  } finally {
    await jobMaster.cancel()
  }
}

describe('latency tracking', { timeout: 180_000 }, () => {
  it('records a latency histogram per operator and source, whose values grow when a slow operator is on the path', async (t) => {
    const fast = await latencyHistogramsOf(0, 3)
    const slow = await latencyHistogramsOf(2, 3)
    t.diagnostic(`mean latency at Work / Blackhole: ${fast.work.statistics.mean.toFixed(0)} / ${fast.sink.statistics.mean.toFixed(0)} ms ` +
      `without work, ${slow.work.statistics.mean.toFixed(0)} / ${slow.sink.statistics.mean.toFixed(0)} ms with 2 ms per record at 1000 records/s`)
    for (const histogram of [fast.work, fast.sink]) {
      assert.equal(histogram.sourceOperatorId, fast.sourceId, 'operator granularity: histograms per source operator')
      assert.equal(histogram.sourceSubtaskIndex, undefined)
      assert.equal(histogram.operatorSubtaskIndex, 0)
    }
    // markers wait behind the records queued in front of the bottleneck: seconds, against the buffer timeout's ~100 ms
    assert.ok(slow.work.statistics.mean > 3 * fast.work.statistics.mean + 100, 'the slow operator delays the markers that reach it')
    assert.ok(slow.sink.statistics.mean > 3 * fast.sink.statistics.mean + 100, 'and those that pass it')
    assert.ok(slow.sink.statistics.mean >= slow.work.statistics.mean, 'latency only grows along the path')
  })

  it('emits no latency marker with metrics.latency.interval 0 (the default)', async () => {
    const jobMaster = await startLatencyPath(0, 0)
    try {
      const sinkVertex = jobMaster.jobGraph.vertices.at(-1)!
      await pollUntil(() => 'records at the sink', () => {
        const sink = jobMaster.metrics().find((m) => m.vertexId === sinkVertex.id)
        return sink !== undefined && sink.numRecordsIn >= 2_000 ? true : undefined
      }, { timeoutMs: 30_000, intervalMs: 100 })
      assert.deepEqual(jobMaster.latencyHistograms(), [])
    } finally {
      await jobMaster.cancel()
    }
  })

  it("publishes the histograms under Flink's names, which Prometheus dashboards for Flink query", async () => {
    const port = await freePort()
    const cli = spawnCli(['run', LATENCY_PATH_JOB, '-D', `${LATENCY_INTERVAL.key}=200ms`,
      '-D', 'metrics.reporter.prom.factory.class=org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      '-D', `metrics.reporter.prom.port=${port}-${port + 10}`, '--', '--rate', '1000'])
    try {
      const endpoint = await pollUntil(() => `the reporter's endpoint; stderr: ${cli.output().stderr}`,
        () => /Metric reporter 'prom' \(prometheus\) started: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(cli.output().stderr)?.[1],
        { timeoutMs: 30_000, intervalMs: 50 })
      const line = await pollUntil(() => 'a latency quantile in the Prometheus output', async () => {
        const body = await (await tryFetch(endpoint))?.text()
        return body?.split('\n').find((l) => l.startsWith('flink_taskmanager_job_latency_source_id_operator_id_operator_subtask_index_latency{') &&
          l.includes('quantile="0.99"'))
      }, { timeoutMs: 30_000, intervalMs: 200 })
      assert.match(line, /source_id="[0-9a-f]{32}"/)
      assert.match(line, /operator_id="[0-9a-f]{32}"/)
      assert.match(line, /operator_subtask_index="0"/)
    } finally {
      cli.child.kill('SIGKILL')
      await cli.exited
    }
  })
})
