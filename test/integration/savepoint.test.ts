import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { SavepointFailedError } from '../../src/errors.js'
import { submitJob } from '../../src/job/submit-job.js'
import { readMetadata } from '../../src/state/checkpoint-storage/checkpoint-reader.js'
import { pollUntil } from '../support/poll-until.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'

const JOB = 'examples/exactly-once/sequences.ts'
const KEYS = 12
const PER_KEY = 800

function entries(pairs: Record<string, string>) {
  return Object.entries(pairs).map(([key, value]) => ({ key, value, origin: 'test' }))
}

describe('savepoints', { timeout: 120_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-savepoint-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('stops with a savepoint and resumes from it, exactly once', async () => {
    const out = join(dir, 'out')
    const savepoints = join(dir, 'savepoints')
    const config = entries({
      'parallelism.default': '2',
      // periodic checkpoints are rare here: the savepoint alone must carry the state across
      'execution.checkpointing.interval': '1h',
      'execution.checkpointing.savepoint-dir': savepoints,
    })
    const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '3000', '--out', out]
    let jobMaster: JobMaster
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs }))
    await pollUntil('the job to run', () => (jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 10 })
    // a savepoint while it runs: its own directory, with complete metadata, and the job goes on
    const first = await jobMaster.triggerSavepoint()
    assert.match(basename(first), new RegExp(`^savepoint-${jobMaster.jobId.slice(0, 6)}-[0-9a-f]{12}$`))
    assert.equal((await readMetadata(first)).isSavepoint, true)
    assert.equal(jobMaster.status, 'RUNNING')
    await pollUntil('some committed output', () => (readCommittedSequences(out).length > 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 20 })

    const stoppedAt = await jobMaster.stopWithSavepoint(join(dir, 'explicit'))
    assert.equal(jobMaster.status, 'CANCELED')
    assert.ok(stoppedAt.startsWith(join(dir, 'explicit')))
    const committed = readCommittedSequences(out).length
    assert.ok(committed > 0 && committed < KEYS * PER_KEY, `${committed} rows committed before the stop`)
    const stats = jobMaster.checkpointStats!.snapshot()
    assert.equal(stats.latest.savepoint?.externalPath, stoppedAt)

    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs, restorePath: stoppedAt }))
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    assert.equal(jobMaster.checkpointStats!.snapshot().latest.restored?.isSavepoint, true)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [])
    assert.equal(rows.length, KEYS * PER_KEY)
    // the job's end does not delete savepoints
    assert.ok(existsSync(stoppedAt) && existsSync(first))
  })

  it('refuses a savepoint without a directory, naming the key to set', async () => {
    const { jobMaster } = await submitJob({
      jobPath: JOB, configEntries: entries({ 'execution.checkpointing.interval': '1h' }), jobArgs: ['--keys', '2', '--per-key', '1000', '--rate', '100', '--out', join(dir, 'out-2')],
    })
    try {
      await pollUntil('the job to run', () => (jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 10 })
      await assert.rejects(jobMaster.triggerSavepoint(), (error: unknown) =>
        error instanceof SavepointFailedError && /execution\.checkpointing\.savepoint-dir/.test(error.message))
    } finally {
      await jobMaster.cancel()
    }
  })
})
