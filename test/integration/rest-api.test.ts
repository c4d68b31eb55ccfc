import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { checkSchema } from '../support/flink-rest-schema.js'
import { FLINK_REST_SCHEMAS } from '../support/flink-rest-schemas.js'
import { pollUntil } from '../support/poll-until.js'
import { getJson, startRestJob, stopRestJob, type RunningRestJob } from '../support/rest-api-job.js'

const SEQUENCES_JOB = 'examples/exactly-once/sequences.ts'
const SLOW_SINK_JOB = fileURLToPath(new URL('./jobs/slow-sink.job.ts', import.meta.url))

interface JobDetails { state: string; 'end-time': number; 'start-time': number; vertices: { id: string; name: string; status: string }[] }

async function vertexIdOf(job: RunningRestJob, namePrefix: string): Promise<string> {
  const details = (await getJson(job.url, `/jobs/${job.jobId}`)).body as JobDetails
  const vertex = details.vertices.find((v) => v.name.startsWith(namePrefix))
  assert.ok(vertex, `no vertex named ${namePrefix}… in ${details.vertices.map((v) => v.name).join(', ')}`)
  return vertex.id
}

async function conforms(job: RunningRestJob, path: string, schema: keyof typeof FLINK_REST_SCHEMAS): Promise<unknown> {
  const { status, body } = await getJson(job.url, path)
  assert.equal(status, 200, `${path} answered ${status}: ${JSON.stringify(body)}`)
  assert.deepEqual(checkSchema(body, FLINK_REST_SCHEMAS[schema]), [], `${path} differs from Flink's ${schema}`)
  return body
}

describe('REST API of a running job with checkpoints', { timeout: 180_000 }, () => {
  let dir: string
  let job: RunningRestJob
  let completedCheckpointId: number
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-rest-'))
    job = await startRestJob([SEQUENCES_JOB, '-p', '2', '-D', 'rest.port=0', '-D', 'execution.checkpointing.interval=300ms',
      '--', '--keys', '8', '--per-key', '100000000', '--rate', '2000', '--out', join(dir, 'out')])
    completedCheckpointId = await pollUntil('a completed checkpoint and metrics of every subtask', async () => {
      const checkpoints = (await getJson(job.url, `/jobs/${job.jobId}/checkpoints`)).body as { latest: { completed: { id: number } | null } }
      const details = (await getJson(job.url, `/jobs/${job.jobId}`)).body as { vertices: { metrics: { 'write-records-complete': boolean; 'read-records-complete': boolean } }[] }
      const hasMetrics = details.vertices.every((v) => v.metrics['write-records-complete'] && v.metrics['read-records-complete'])
      return hasMetrics ? checkpoints.latest.completed?.id : undefined
    }, { timeoutMs: 60_000, intervalMs: 200 })
  })
  after(async () => {
    await stopRestJob(job)
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers the cluster and job endpoints with Flink\'s field names and types', async () => {
    await conforms(job, '/config', '/config')
    await conforms(job, '/overview', '/overview')
    assert.deepEqual(await conforms(job, '/jobs', '/jobs'), { jobs: [{ id: job.jobId, status: 'RUNNING' }] })
    await conforms(job, '/jobs/overview', '/jobs/overview')
    const details = await conforms(job, `/jobs/${job.jobId}`, '/jobs/:jobid') as JobDetails
    assert.equal(details.state, 'RUNNING')
    assert.equal(details['end-time'], -1)
    await conforms(job, `/v1/jobs/${job.jobId}/plan`, '/jobs/:jobid/plan')
    await conforms(job, `/jobs/${job.jobId}/config`, '/jobs/:jobid/config')
    await conforms(job, `/jobs/${job.jobId}/exceptions`, '/jobs/:jobid/exceptions')
    await conforms(job, '/taskmanagers', '/taskmanagers')
    const heap = await conforms(job, '/taskmanagers/worker-0/metrics?get=Status.JVM.Memory.Heap.Used', 'metric values') as { id: string; value: string }[]
    assert.deepEqual(heap.map((m) => m.id), ['Status.JVM.Memory.Heap.Used'])
    const jobManager = await conforms(job, '/jobmanager/metrics?get=Status.JVM.Memory.Heap.Used,Status.JVM.Memory.Heap.Committed,Status.JVM.CPU.Load', 'metric values') as { id: string; value: string }[]
    assert.equal(jobManager.length, 3)
    assert.ok(Number(jobManager[0]!.value) > 0, `heap used ${jobManager[0]!.value}`)
  })

  it('answers the checkpoint endpoints with the coordinator\'s statistics', async () => {
    const stats = await conforms(job, `/jobs/${job.jobId}/checkpoints`, '/jobs/:jobid/checkpoints') as { counts: { completed: number } }
    assert.ok(stats.counts.completed >= 1)
    const config = await conforms(job, `/jobs/${job.jobId}/checkpoints/config`, '/jobs/:jobid/checkpoints/config') as { interval: number; mode: string }
    assert.deepEqual([config.interval, config.mode], [300, 'exactly_once'])
    const checkpoint = await conforms(job, `/jobs/${job.jobId}/checkpoints/details/${completedCheckpointId}`, '/jobs/:jobid/checkpoints/details/:checkpointid') as { id: number; tasks: Record<string, unknown> }
    assert.equal(checkpoint.id, completedCheckpointId)
    const vertexId = await vertexIdOf(job, 'Source')
    assert.ok(vertexId in checkpoint.tasks, 'the source vertex is among the checkpoint\'s tasks')
    const subtasks = await conforms(job, `/jobs/${job.jobId}/checkpoints/details/${completedCheckpointId}/subtasks/${vertexId}`,
      '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid') as { subtasks: { className: string }[] }
    assert.deepEqual(subtasks.subtasks.map((s) => s.className), ['completed', 'completed'])
  })

  it('answers the vertex and metric endpoints, with bare metric arrays and agg=min,max,avg,sum', async () => {
    const sourceId = await vertexIdOf(job, 'Source')
    const vertexPath = `/jobs/${job.jobId}/vertices/${sourceId}`
    await conforms(job, vertexPath, '/jobs/:jobid/vertices/:vertexid')
    const names = await conforms(job, `${vertexPath}/metrics`, 'metric names') as { id: string }[]
    assert.ok(names.some((m) => m.id === '1.numRecordsOutPerSecond'), 'vertex metrics are keyed <subtask>.<name>')
    const values = await conforms(job, `${vertexPath}/metrics?get=0.numRecordsOut,1.busyTimeMsPerSecond`, 'metric values') as { id: string; value: string }[]
    assert.deepEqual(values.map((m) => m.id), ['0.numRecordsOut', '1.busyTimeMsPerSecond'])
    await conforms(job, `${vertexPath}/subtasks/metrics`, 'metric names')
    const aggregated = await conforms(job, `${vertexPath}/subtasks/metrics?get=numRecordsOut,idleTimeMsPerSecond&agg=min,max,avg,sum`, 'aggregated metric values') as Record<string, number | string>[]
    assert.deepEqual(aggregated.map((m) => Object.keys(m).sort()), [['avg', 'id', 'max', 'min', 'sum'], ['avg', 'id', 'max', 'min', 'sum']])
    const records = aggregated.find((m) => m.id === 'numRecordsOut')!
    assert.ok((records.sum as number) >= (records.max as number) && (records.max as number) > 0, JSON.stringify(records))
    await conforms(job, `${vertexPath}/backpressure`, '/jobs/:jobid/vertices/:vertexid/backpressure')
    const watermarks = await conforms(job, `${vertexPath}/watermarks`, '/jobs/:jobid/vertices/:vertexid/watermarks') as { id: string }[]
    assert.deepEqual(watermarks.map((w) => w.id), ['0.currentInputWatermark', '1.currentInputWatermark'])
    const jobMetrics = await conforms(job, `/jobs/${job.jobId}/metrics?get=uptime,numRestarts,lastCheckpointDuration,numberOfCompletedCheckpoints`, 'metric values') as { id: string; value: string }[]
    assert.deepEqual(jobMetrics.map((m) => m.id), ['uptime', 'numRestarts', 'lastCheckpointDuration', 'numberOfCompletedCheckpoints'])
    assert.ok(Number(jobMetrics[3]!.value) >= 1 && Number(jobMetrics[2]!.value) >= 0, JSON.stringify(jobMetrics))
  })

  it('answers unknown ids with 404 and malformed requests with 400 or 405, as {"errors":[...]} naming the problem', async () => {
    const sourceId = await vertexIdOf(job, 'Source')
    const unknown = '0123456789abcdef0123456789abcdef'
    const cases: [string, string, number, RegExp][] = [
      ['GET', `/jobs/${unknown}`, 404, new RegExp(unknown)],
      ['GET', `/jobs/${unknown}/checkpoints`, 404, new RegExp(unknown)],
      ['GET', `/jobs/${job.jobId}/vertices/${unknown}`, 404, new RegExp(`JobVertex ${unknown}`)],
      ['GET', `/jobs/${job.jobId}/checkpoints/details/987654321`, 404, /checkpoint 987654321/],
      ['GET', `/jobs/${job.jobId}/savepoints/${unknown}`, 404, new RegExp(`trigger id ${unknown}`)],
      ['GET', '/jobs/not-a-job-id', 400, /parameter jobid/],
      ['GET', `/jobs/${job.jobId}/checkpoints/details/latest`, 400, /parameter checkpointid/],
      ['GET', `/jobs/${job.jobId}/vertices/${sourceId}/subtasks/metrics?get=numRecordsIn&agg=median`, 400, /'median'/],
      ['DELETE', `/jobs/${job.jobId}`, 405, /allowed: GET, PATCH/],
      ['GET', '/no/such/path', 404, /Not found/],
    ]
    for (const [method, path, status, message] of cases) {
      const answer = await getJson(job.url, path, method)
      assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`)
      assert.deepEqual(checkSchema(answer.body, FLINK_REST_SCHEMAS.error), [], `${method} ${path}`)
      assert.match((answer.body as { errors: string[] }).errors[0]!, message)
    }
  })
})

describe('REST backpressure endpoint', { timeout: 180_000 }, () => {
  it('reports high backpressure on the source vertex in front of a slow sink', async () => {
    const job = await startRestJob([SLOW_SINK_JOB, '-D', 'rest.port=0', '--', '--events', '10000000', '--sink', 'slow'])
    try {
      const sourceId = await vertexIdOf(job, 'Source: Generator')
      const sinkId = await vertexIdOf(job, 'Sink: Slow Sink')
      const source = await pollUntil('high backpressure at the source', async () => {
        const { body } = await getJson(job.url, `/jobs/${job.jobId}/vertices/${sourceId}/backpressure`)
        return (body as { 'backpressure-level'?: string })['backpressure-level'] === 'high' ? body : undefined
      }, { timeoutMs: 60_000, intervalMs: 500 }) as { backpressureLevel: string; subtasks: { ratio: number; busyRatio: number }[] }
      assert.equal(source.backpressureLevel, 'high')
      assert.ok(source.subtasks[0]!.ratio > 0.5, `source ratio ${source.subtasks[0]!.ratio}`)
      const sink = (await getJson(job.url, `/jobs/${job.jobId}/vertices/${sinkId}/backpressure`)).body as { 'backpressure-level': string; subtasks: { busyRatio: number }[] }
      assert.equal(sink['backpressure-level'], 'ok', 'the slow sink is busy, not back-pressured')
      assert.ok(sink.subtasks[0]!.busyRatio > 0.5, `sink busy ratio ${sink.subtasks[0]!.busyRatio}`)
    } finally {
      await stopRestJob(job)
    }
  })

  it('reports ok when the source feeds a blackhole', async () => {
    const job = await startRestJob([SLOW_SINK_JOB, '-D', 'rest.port=0', '--', '--events', '1000000000', '--sink', 'blackhole'])
    try {
      const sourceId = await vertexIdOf(job, 'Source: Generator')
      await pollUntil('five seconds of source metrics', async () => {
        const { body } = await getJson(job.url, `/jobs/${job.jobId}/vertices/${sourceId}/metrics?get=0.accumulateBusyTimeMs,0.accumulateIdleTimeMs,0.accumulateBackPressuredTimeMs`)
        const total = (body as { value: string }[]).reduce((sum, m) => sum + Number(m.value), 0)
        return total > 5_000 ? true : undefined
      }, { timeoutMs: 60_000, intervalMs: 500 })
      const { body } = await getJson(job.url, `/jobs/${job.jobId}/vertices/${sourceId}/backpressure`)
      assert.equal((body as { 'backpressure-level': string })['backpressure-level'], 'ok', JSON.stringify(body))
    } finally {
      await stopRestJob(job)
    }
  })
})

describe('sluice run --keep-serving', { timeout: 120_000 }, () => {
  it('keeps serving a FINISHED job until Ctrl-C, then exits with the job\'s code', async () => {
    const job = await startRestJob([SLOW_SINK_JOB, '-D', 'rest.port=0', '--keep-serving', '--', '--events', '20000', '--sink', 'blackhole'])
    try {
      await pollUntil('the job to finish', async () => {
        const { body } = await getJson(job.url, '/jobs/overview')
        return (body as { jobs: { state: string }[] }).jobs[0]?.state === 'FINISHED' ? true : undefined
      }, { timeoutMs: 60_000, intervalMs: 200 })
      await pollUntil('the keep-serving notice', () => (job.cli.output().stderr.includes('Still serving the REST API') ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 })
      const details = await conforms(job, `/jobs/${job.jobId}`, '/jobs/:jobid') as JobDetails
      assert.equal(details.state, 'FINISHED')
      assert.ok(details['end-time'] >= details['start-time'], `end-time ${details['end-time']}`)
      assert.deepEqual(details.vertices.map((v) => v.status), ['FINISHED', 'FINISHED'])
      assert.equal(job.cli.child.exitCode, null, 'still running after the job finished')
      job.cli.child.kill('SIGINT')
      const result = await job.cli.exited
      assert.equal(result.exitCode, 0, result.stderr)
    } finally {
      await stopRestJob(job)
    }
  })
})
