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

  it('stops with a savepoint that commits nothing, and resumes from it, exactly once', async () => {
    const out = join(dir, 'out')
    const savepoints = join(dir, 'savepoints')
    const config = entries({
      'parallelism.default': '2',
      // periodic checkpoints are rare here: the savepoint alone must carry the state across
      'execution.checkpointing.interval': '1h',
      'execution.checkpointing.savepoint-dir': savepoints,
    })
    const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '1500', '--out', out]
    let jobMaster: JobMaster
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs }))
    await pollUntil('the job to run', () => (jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 10 })
    // a savepoint while it runs: its own directory, with complete metadata, and the job goes on
    const first = await jobMaster.triggerSavepoint()
    assert.match(basename(first), new RegExp(`^savepoint-${jobMaster.jobId.slice(0, 6)}-[0-9a-f]{12}$`))
    assert.equal((await readMetadata(first)).isSavepoint, true)
    assert.equal(jobMaster.status, 'RUNNING')

    const stoppedAt = await jobMaster.stopWithSavepoint(join(dir, 'explicit'))
    assert.equal(jobMaster.status, 'CANCELED')
    assert.ok(stoppedAt.startsWith(join(dir, 'explicit')))
    // no checkpoint completed, and savepoints commit no side effects (Flink 1.15+): nothing is visible yet
    assert.equal(readCommittedSequences(out).length, 0)
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

  it('repeats no row when a worker fails right after a savepoint and the job restarts from an older checkpoint', async () => {
    const out = join(dir, 'out-failure-after-savepoint')
    const config = entries({
      'parallelism.default': '2',
      'execution.checkpointing.interval': '400ms',
      'execution.checkpointing.savepoint-dir': join(dir, 'savepoints-failure'),
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '5',
      'restart-strategy.fixed-delay.delay': '10ms',
    })
    const { jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs: ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '2000', '--out', out] })
    await pollUntil('a completed checkpoint', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 1 ? true : undefined), { timeoutMs: 30_000, intervalMs: 5 })
    await jobMaster.triggerSavepoint()
    // the failure comes before the next checkpoint: the restart goes back to one older than the savepoint
    void jobMaster.workerThreads()[0]!.terminate()
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    assert.ok(jobMaster.numRestarts >= 1)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [])
    assert.equal(rows.length, KEYS * PER_KEY)
  })

  it('stops with --drain: the sources end, the savepoint is the final checkpoint, its output is committed and the job FINISHED', async () => {
    const out = join(dir, 'out-drain')
    const config = entries({ 'parallelism.default': '2', 'execution.checkpointing.interval': '1h' })
    const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '1500', '--out', out]
    let jobMaster: JobMaster
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs }))
    await pollUntil('the job to run', () => (jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 10 })
    await pollUntil('some rows processed', () => ((jobMaster.metrics().find((m) => m.numRecordsOut > 0)) !== undefined ? true : undefined), { timeoutMs: 30_000, intervalMs: 10 })
    const drainedAt = await jobMaster.stopWithSavepoint(join(dir, 'drained'), { drain: true })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    assert.ok(drainedAt.startsWith(join(dir, 'drained')))
    const metadata = await readMetadata(drainedAt)
    assert.ok(metadata.isSavepoint)
    assert.ok(metadata.operators.every((operator) => operator.subtasks.every((subtask) => subtask.isFinished === true)), 'every subtask ended its input')
    // what was read before the drain is committed: every key a gap-free prefix of its sequence
    const rows = readCommittedSequences(out)
    assert.ok(rows.length > 0 && rows.length < KEYS * PER_KEY, `${rows.length} rows committed by the drain`)
    const lastSeqByKey = new Map<string, number>()
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      assert.equal(row.seq, (lastSeqByKey.get(row.key) ?? 0) + 1, `key ${row.key}: seq ${row.seq} after ${lastSeqByKey.get(row.key) ?? 0}`)
      lastSeqByKey.set(row.key, row.seq)
    }
    // a drained job resumed from its savepoint is over: it finishes at once and commits nothing more
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: config, jobArgs, restorePath: drainedAt }))
    assert.equal((await jobMaster.result()).status, 'FINISHED')
    assert.equal(readCommittedSequences(out).length, rows.length)
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
