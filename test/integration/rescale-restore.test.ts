import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { submitJob } from '../../src/job/submit-job.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'
import { readMetadata } from '../../src/state/checkpoint-storage/checkpoint-reader.js'
import { pollUntil } from '../support/poll-until.js'

const JOB = 'examples/exactly-once/sequences.ts'
const KEYS = 24
const PER_KEY = 600

/** The committed rows of a transactional sink's directory, canonically sorted. */
function committedRowsOf(dir: string): string[] {
  return readdirSync(dir).filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line !== '')).sort()
}

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

describe('restoring at another parallelism', { timeout: 300_000 }, () => {
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

  // sources are read as splits (FLIP-27): a savepoint restarts the whole job at another parallelism, source included
  for (const to of [3, 1]) {
    it(`resumes a savepoint taken at parallelism 2 at parallelism ${to}, sources included, exactly once`, async () => {
      const out = join(dir, `out-savepoint-${to}`)
      const config = { 'execution.checkpointing.interval': '200ms', 'execution.checkpointing.savepoint-dir': join(dir, `savepoints-${to}`) }
      const jobArgs = ['--keys', String(KEYS), '--per-key', String(PER_KEY), '--rate', '3000', '--out', out]
      let jobMaster: JobMaster
      ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': '2' }), jobArgs }))
      await pollUntil('two completed checkpoints', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 2 ? true : undefined), { timeoutMs: 60_000, intervalMs: 10 })
      const savepoint = await jobMaster.stopWithSavepoint()
      const partial = readCommittedSequences(out).length
      assert.ok(partial > 0 && partial < KEYS * PER_KEY, `${partial} rows committed before the stop`)

      ;({ jobMaster } = await submitJob({ jobPath: JOB, configEntries: entries({ ...config, 'parallelism.default': String(to) }), jobArgs, restorePath: savepoint }))
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', result.failure?.message)
      assert.equal(jobMaster.jobGraph.vertices.find((v) => v.isSource)?.parallelism, to)
      const rows = readCommittedSequences(out)
      assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [])
      assert.equal(rows.length, KEYS * PER_KEY)
    })
  }

  it('gives Nexmark q5 the results of a straight run after a savepoint at parallelism 2 resumed at 3, and another resumed at 1', async () => {
    const q5 = 'examples/nexmark/q5.ts'
    const nexmarkArgs = (outDir: string) => ['--events', '1500000', '--seed', '7', '--out-dir', outDir]
    const config = (parallelism: number) => entries({ 'parallelism.default': String(parallelism), 'execution.checkpointing.interval': '300ms', 'execution.checkpointing.savepoint-dir': join(dir, 'q5-savepoints') })
    const straightOut = join(dir, 'q5-straight')
    const straight = await submitJob({ jobPath: q5, configEntries: config(2), jobArgs: nexmarkArgs(straightOut) })
    assert.equal((await straight.jobMaster.result()).status, 'FINISHED')
    const expected = committedRowsOf(straightOut)
    assert.ok(expected.length > 50, `the straight run gave ${expected.length} rows`)
    for (const to of [3, 1]) {
      const out = join(dir, `q5-rescaled-${to}`)
      let { jobMaster } = await submitJob({ jobPath: q5, configEntries: config(2), jobArgs: nexmarkArgs(out) })
      await pollUntil('a completed checkpoint', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 1 ? true : undefined), { timeoutMs: 60_000, intervalMs: 5 })
      const savepoint = await jobMaster.stopWithSavepoint()
      const sourceState = (await readMetadata(savepoint)).operators.find((operator) => operator.operatorId === jobMaster.jobGraph.vertices.find((v) => v.isSource)!.id)!
      assert.ok(sourceState.subtasks.some((subtask) => ((subtask.backendState.operatorState as { splits?: unknown[] } | null)?.splits?.length ?? 0) > 0),
        'the savepoint was taken while the source still had events to read')
      ;({ jobMaster } = await submitJob({ jobPath: q5, configEntries: config(to), jobArgs: nexmarkArgs(out), restorePath: savepoint }))
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', result.failure?.message)
      assert.deepEqual(committedRowsOf(out), expected, `q5 resumed at parallelism ${to}`)
    }
  })
})
