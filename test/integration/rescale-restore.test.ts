import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { submitJob } from '../../src/job/submit-job.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'
import { pollUntil } from '../support/poll-until.js'

const JOB = 'examples/exactly-once/sequences.ts'
const KEYS = 24
const PER_KEY = 600

function entries(pairs: Record<string, string>) {
  return Object.entries(pairs).map(([key, value]) => ({ key, value, origin: 'test' }))
}

/** The newest chk-<n> of a job that completed (has _metadata). */
function newestCompleteCheckpoint(jobDir: string): string | undefined {
  const complete = readdirSync(jobDir)
    .filter((name) => name.startsWith('chk-') && existsSync(join(jobDir, name, '_metadata')))
    .sort((a, b) => Number(b.slice(4)) - Number(a.slice(4)))
  return complete[0] === undefined ? undefined : join(jobDir, complete[0])
}

describe('restoring keyed state at another parallelism', { timeout: 120_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-rescale-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const [from, to] of [[2, 3], [3, 1]] as const) {
    it(`resumes a job checkpointed at parallelism ${from} at parallelism ${to}, exactly once`, async () => {
      const out = join(dir, `out-${from}-${to}`)
      const checkpoints = join(dir, `checkpoints-${from}-${to}`)
      const config = {
        'execution.checkpointing.interval': '150ms',
        'execution.checkpointing.dir': checkpoints,
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      }
      const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '3000', '--out', out, '--source-parallelism', '1']
      let jobMaster: JobMaster
      ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': String(from) }), jobArgs }))
      // cancel part-way, once a few checkpoints completed
      await pollUntil('three completed checkpoints', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 3 ? true : undefined), { timeoutMs: 60_000, intervalMs: 20 })
      assert.equal((await jobMaster.cancel()).status, 'CANCELED')
      const partial = readCommittedSequences(out).length
      assert.ok(partial > 0 && partial < KEYS * PER_KEY, `the first run committed ${partial} of ${KEYS * PER_KEY} rows before it was cancelled`)
      const restorePath = newestCompleteCheckpoint(join(checkpoints, jobMaster.jobId))
      assert.ok(restorePath !== undefined, 'a retained complete checkpoint')

      ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': String(to) }), jobArgs, restorePath }))
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', result.failure?.message)
      assert.equal(jobMaster.jobGraph.vertices.find((v) => v.name.startsWith('Checked Running Sum'))?.parallelism, to)
      const rows = readCommittedSequences(out)
      assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [])
      assert.equal(rows.length, KEYS * PER_KEY)
    })
  }

  it('refuses to restore a source at another parallelism, naming it, instead of replaying or losing positions', async () => {
    const out = join(dir, 'out-source')
    const checkpoints = join(dir, 'checkpoints-source')
    const config = {
      'execution.checkpointing.interval': '150ms',
      'execution.checkpointing.dir': checkpoints,
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    }
    const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '3000', '--out', out]
    let jobMaster: JobMaster
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': '2' }), jobArgs }))
    await pollUntil('a completed checkpoint', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 1 ? true : undefined), { timeoutMs: 60_000, intervalMs: 20 })
    await jobMaster.cancel()
    const restorePath = newestCompleteCheckpoint(join(checkpoints, jobMaster.jobId))!
    ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': '3' }), jobArgs, restorePath }))
    const result = await jobMaster.result()
    assert.equal(result.status, 'FAILED')
    assert.equal(result.failure?.code, 'SLUICE_CHECKPOINT_SOURCE_RESCALE')
    assert.match(result.failure?.message ?? '', /source 'Sequences' at parallelism 3: the checkpoint holds the positions of 2 source subtasks/)
  })
})
