import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { pollUntil } from '../support/poll-until.js'
import { getJson, startRestJob, stopRestJob, type RunningRestJob } from '../support/rest-api-job.js'
import { runCli } from '../support/run-cli.js'

const SEQUENCES_JOB = 'examples/exactly-once/sequences.ts'
const SLOW_SINK_JOB = fileURLToPath(new URL('./jobs/slow-sink.job.ts', import.meta.url))

async function listeningServer(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port }
}

describe('sluice list, savepoint, stop and cancel against a running job', { timeout: 240_000 }, () => {
  let dir: string
  let job: RunningRestJob | undefined
  const sequencesArgs = (out: string) => ['--', '--keys', '4', '--per-key', '100000000', '--rate', '1000', '--out', out]
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-rest-cli-'))
    job = await startRestJob([SEQUENCES_JOB, '-D', 'rest.port=0', '-D', 'execution.checkpointing.interval=1h', ...sequencesArgs(join(dir, 'out'))])
    await pollUntil('the job to run', async () => (((await getJson(job!.url, `/jobs/${job!.jobId}`)).body as { state: string }).state === 'RUNNING' ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 100 })
  })
  after(async () => {
    await stopRestJob(job)
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists the running job with -m', async () => {
    const result = await runCli(['list', '-m', job!.address])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`: ${job!.jobId} : Exactly-once sequences \\(4 keys × 100000000\\) \\(RUNNING\\)`))
  })

  it('names an unknown job id in one line with SLUICE_REST_UNKNOWN_JOB', async () => {
    const result = await runCli(['cancel', '-m', job!.address, '0123456789abcdef0123456789abcdef'])
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /^error: no job 0123456789abcdef0123456789abcdef at 127\.0\.0\.1:\d+; .*\[SLUICE_REST_UNKNOWN_JOB\]\n$/)
  })

  it('takes a savepoint that sluice run -s resumes from', async () => {
    const result = await runCli(['savepoint', '-m', job!.address, job!.jobId, join(dir, 'savepoints')])
    assert.equal(result.exitCode, 0, result.stderr)
    const path = /Savepoint completed\. Path: (\S+)/.exec(result.stdout)?.[1]
    assert.ok(path !== undefined && path.startsWith(join(dir, 'savepoints')), result.stdout)
    assert.ok(existsSync(join(path, '_metadata')), `${path}/_metadata`)
    const resumed = await startRestJob(['-s', path, SEQUENCES_JOB, '-D', 'rest.port=0', '-D', 'execution.checkpointing.interval=1h', ...sequencesArgs(join(dir, 'out-resumed'))])
    try {
      const restored = await pollUntil('the resumed job to report its restore', async () => {
        const { body } = await getJson(resumed.url, `/jobs/${resumed.jobId}/checkpoints`)
        return (body as { latest: { restored: { external_path: string; is_savepoint: boolean } | null } }).latest.restored ?? undefined
      }, { timeoutMs: 30_000, intervalMs: 100 })
      assert.deepEqual(restored, { ...restored, external_path: path, is_savepoint: true })
    } finally {
      await stopRestJob(resumed)
    }
  })

  it('stops a job with a savepoint (stop -p), after which its process ends', async () => {
    const second = await startRestJob([SEQUENCES_JOB, '-D', 'rest.port=0', '-D', 'execution.checkpointing.interval=1h', ...sequencesArgs(join(dir, 'out-stop'))])
    try {
      await pollUntil('the job to run', async () => (((await getJson(second.url, `/jobs/${second.jobId}`)).body as { state: string }).state === 'RUNNING' ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 100 })
      const result = await runCli(['stop', '-m', second.address, '-p', join(dir, 'stopped'), second.jobId])
      assert.equal(result.exitCode, 0, result.stderr)
      const path = /Savepoint completed\. Path: (\S+)/.exec(result.stdout)?.[1]
      assert.ok(path !== undefined && existsSync(join(path, '_metadata')), result.stdout)
      const exited = await second.cli.exited
      assert.match(exited.stderr, /canceled after/)
    } finally {
      await stopRestJob(second)
    }
  })

  it('cancels the job, which ends its sluice run', async () => {
    const result = await runCli(['cancel', '-m', job!.address, job!.jobId])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.equal(result.stdout, `Cancelling job ${job!.jobId}.\nCancelled job ${job!.jobId}.\n`)
    const exited = await job!.cli.exited
    assert.equal(exited.exitCode, 1, 'cancelled by something other than Ctrl-C')
    assert.match(exited.stderr, new RegExp(`Job ${job!.jobId} canceled after`))
  })
})

describe('sluice CLI errors around the REST API', { timeout: 60_000 }, () => {
  it('says nothing is listening at -m, with SLUICE_REST_UNREACHABLE', async () => {
    const { server, port } = await listeningServer()
    await new Promise((resolve) => server.close(resolve))
    const result = await runCli(['list', '-m', `127.0.0.1:${port}`])
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, new RegExp(`^error: nothing is listening at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*\\[SLUICE_REST_UNREACHABLE\\]\\n$`))
  })

  it('refuses to run when rest.port is taken, suggesting -D rest.port=0, before starting the job', async () => {
    const { server, port } = await listeningServer()
    try {
      const result = await runCli(['run', SLOW_SINK_JOB, '-D', `rest.port=${port}`, '--', '--events', '10', '--sink', 'blackhole'])
      assert.equal(result.exitCode, 2)
      assert.match(result.stderr, /port is already in use .*-D rest\.port=0.*\[SLUICE_REST_PORT_IN_USE\]/)
      assert.doesNotMatch(result.stderr, /submitted/)
    } finally {
      server.close()
    }
  })

  it('rejects a job id that is not 32 hexadecimal characters', async () => {
    const result = await runCli(['savepoint', 'not-a-job'])
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /'not-a-job' is not a job id .*\[SLUICE_CLI_USAGE\]/)
  })
})
