import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pollUntil } from '../support/poll-until.js'
import { errorsOf, rawHttpRequest, type RawHttpAnswer } from '../support/raw-http-request.js'
import { getJson, startRestJob, stopRestJob, type RunningRestJob } from '../support/rest-api-job.js'
import { runCli } from '../support/run-cli.js'

const SEQUENCES_JOB = 'examples/exactly-once/sequences.ts'

async function send(job: RunningRestJob, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawHttpAnswer & { errors: string[] }> {
  const answer = await rawHttpRequest(job.url, method, path, headers, body)
  return { ...answer, errors: errorsOf(answer) }
}

interface CheckpointCounts { total: number; completed: number; in_progress: number }

describe('REST API of a running job, probed from a web page in the browser', { timeout: 180_000 }, () => {
  let dir: string
  let job: RunningRestJob
  let sourceId: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-rest-security-'))
    job = await startRestJob([SEQUENCES_JOB, '-p', '2', '-D', 'rest.port=0', '-D', 'execution.checkpointing.interval=1h',
      '-D', 'rest.allowed-hosts=sluice.test', '--', '--keys', '4', '--per-key', '100000000', '--rate', '1000', '--out', join(dir, 'out')])
    sourceId = await pollUntil('the job to run', async () => {
      const { body } = await getJson(job.url, `/jobs/${job.jobId}`)
      const details = body as { state: string; vertices: { id: string; name: string }[] }
      return details.state === 'RUNNING' ? details.vertices.find((v) => v.name.startsWith('Source'))?.id : undefined
    }, { timeoutMs: 30_000, intervalMs: 100 })
  })
  after(async () => {
    await stopRestJob(job)
    rmSync(dir, { recursive: true, force: true })
  })

  const host = () => new URL(job.url).host
  const evilSavepoints = () => join(dir, 'evil-savepoints')

  it('refuses state-changing requests a web page can send without a preflight, with 415 saying what to send', async () => {
    const plain = { host: host(), 'content-type': 'text/plain;charset=UTF-8' }
    const attempts: [string, string, Record<string, string>, string | undefined][] = [
      ['POST', `/jobs/${job.jobId}/savepoints`, plain, JSON.stringify({ 'target-directory': evilSavepoints() })],
      ['POST', `/jobs/${job.jobId}/stop`, plain, JSON.stringify({ targetDirectory: evilSavepoints() })],
      ['POST', `/jobs/${job.jobId}/savepoints`, { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, 'target-directory=x'],
      ['PATCH', `/jobs/${job.jobId}?mode=cancel`, { host: host() }, undefined],
    ]
    for (const [method, path, headers, body] of attempts) {
      const answer = await send(job, method, path, headers, body)
      assert.equal(answer.status, 415, `${method} ${path} ${headers['content-type']}`)
      assert.match(answer.errors[0]!, new RegExp(`^Request method ${method} needs the header 'Content-Type: application/json'`))
    }
  })

  it('refuses a DNS-rebinding Host with 403 naming rest.allowed-hosts, and answers the one listed there', async () => {
    const port = new URL(job.url).port
    const json = { 'content-type': 'application/json' }
    const rebound = await send(job, 'POST', `/jobs/${job.jobId}/savepoints`, { ...json, host: `evil.test:${port}` }, JSON.stringify({ 'target-directory': evilSavepoints() }))
    assert.equal(rebound.status, 403)
    assert.match(rebound.errors[0]!, /^Host 'evil\.test:\d+' is not allowed: .*-D rest\.allowed-hosts=evil\.test$/)
    assert.equal((await send(job, 'GET', `/jobs/${job.jobId}`, { host: `evil.test:${port}` })).status, 403, 'reading is refused too')
    assert.equal((await send(job, 'GET', '/jobs', { host: `sluice.test:${port}` })).status, 200)
    assert.equal((await send(job, 'GET', '/jobs', { host: `localhost:${port}` })).status, 200)
  })

  it('refuses requests and preflights from another origin with 403, and never sends a CORS header by default', async () => {
    const origin = { host: host(), origin: 'http://evil.test' }
    const preflight = await send(job, 'OPTIONS', `/jobs/${job.jobId}/stop`, { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' })
    const post = await send(job, 'POST', `/jobs/${job.jobId}/stop`, { ...origin, 'content-type': 'application/json' }, JSON.stringify({ targetDirectory: evilSavepoints() }))
    const read = await send(job, 'GET', `/jobs/${job.jobId}/config`, origin)
    const plainGet = await send(job, 'GET', '/jobs', { host: host() })
    assert.deepEqual([preflight.status, post.status, read.status, plainGet.status], [403, 403, 403, 200])
    assert.match(post.errors[0]!, /web\.access-control-allow-origin/)
    for (const answer of [preflight, post, read, plainGet]) assert.equal(answer.headers['access-control-allow-origin'], undefined)
  })

  it('answers a subtask range beyond the vertex at once with 400, and keeps serving', async () => {
    const path = `/jobs/${job.jobId}/vertices/${sourceId}/subtasks/metrics?get=numRecordsOut&subtasks=0-999999999`
    const answer = await send(job, 'GET', path, { host: host() })
    assert.equal(answer.status, 400)
    assert.equal(answer.errors[0], 'Bad request, parameter subtasks: the range 0-999999999 goes past the last subtask: the vertex has 2 subtasks (0-1).')
    const missing = await send(job, 'GET', path.replace('0-999999999', '5'), { host: host() })
    assert.equal(missing.errors[0], 'Bad request, parameter subtasks: subtask 5 does not exist: the vertex has 2 subtasks (0-1).')
    const existing = await pollUntil('the aggregated metric of subtasks 0-1', async () => {
      const { status, body } = await getJson(job.url, path.replace('0-999999999', '0-1'))
      assert.equal(status, 200)
      return (body as { id: string }[]).length > 0 ? body : undefined
    }, { timeoutMs: 30_000, intervalMs: 100 }) as { id: string }[]
    assert.deepEqual(existing.map((m) => m.id), ['numRecordsOut'])
  })

  it('changed nothing: the job runs, and the one savepoint is the CLI\'s, taken after all the refused ones', async () => {
    const result = await runCli(['savepoint', '-m', job.address, job.jobId, join(dir, 'savepoints')])
    assert.equal(result.exitCode, 0, result.stderr)
    const counts = ((await getJson(job.url, `/jobs/${job.jobId}/checkpoints`)).body as { counts: CheckpointCounts }).counts
    assert.deepEqual([counts.total, counts.completed, counts.in_progress], [1, 1, 0])
    assert.equal(existsSync(evilSavepoints()), false, 'no savepoint where the attacker asked')
    assert.equal(((await getJson(job.url, `/jobs/${job.jobId}`)).body as { state: string }).state, 'RUNNING')
    const cancelled = await runCli(['cancel', '-m', job.address, job.jobId])
    assert.equal(cancelled.exitCode, 0, cancelled.stderr)
    assert.equal((await job.cli.exited).exitCode, 1, 'cancelled by the CLI')
  })
})
