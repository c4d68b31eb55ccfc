import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { ConfigEntry } from '../../src/config/config-entry.js'
import { submitJob } from '../../src/job/submit-job.js'
import type { KeySum } from './jobs/tiny-bounded.job.js'

const TINY_JOB = fileURLToPath(new URL('./jobs/tiny-bounded.job.ts', import.meta.url))
const BLOCKING_JOB = fileURLToPath(new URL('./jobs/blocking-in-workers.job.ts', import.meta.url))
const FILE_LINES_JOB = fileURLToPath(new URL('./jobs/file-lines.job.ts', import.meta.url))

const entry = (key: string, value: string): ConfigEntry => ({ key, value, origin: 'test' })

function committedRows(dir: string): KeySum[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((name) => !name.startsWith('.')).flatMap((name) =>
    readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as KeySum))
}

/** The rows of the tiny job over 0 … elements-1: one running sum per element, whose largest per key is the key's total. */
function assertTinyJobOutput(rows: readonly KeySum[], elements: number, what: string): void {
  assert.equal(rows.length, elements, `${what}: ${rows.length} rows for ${elements} elements`)
  for (const key of [0, 1, 2]) {
    let total = 0
    for (let n = key; n < elements; n += 3) total += n
    const sums = rows.filter((row) => row.key === key).map((row) => row.sum)
    assert.equal(sums.length === 0 ? 0 : Math.max(...sums), total, `${what}: total of key ${key}`)
  }
}

describe('small bounded jobs at parallelism above one', { timeout: 300_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-small-jobs-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const parallelism of [2, 3, 4]) {
    // fewer elements than subtasks: some source subtasks read nothing and finish before others are even deployed
    for (const elements of new Set([0, 1, parallelism - 1, 7])) {
      it(`finishes with ${elements} element(s) at parallelism ${parallelism}`, async () => {
        const out = join(dir, `out-p${parallelism}-n${elements}`)
        const { jobMaster } = await submitJob({
          jobPath: TINY_JOB, configEntries: [entry('parallelism.default', String(parallelism))], jobArgs: ['--elements', String(elements), '--out', out],
        })
        const result = await jobMaster.result()
        assert.equal(result.status, 'FINISHED', result.failure?.message)
        assertTinyJobOutput(committedRows(out), elements, `p=${parallelism}, ${elements} elements`)
      })
    }
  }

  it('finishes 12 tiny runs in a row at parallelism 2 to 4 (the deployment race is not a matter of luck)', async () => {
    for (let run = 0; run < 12; run++) {
      const parallelism = 2 + (run % 3)
      const out = join(dir, `out-repeat-${run}`)
      const { jobMaster } = await submitJob({
        jobPath: TINY_JOB, configEntries: [entry('parallelism.default', String(parallelism))], jobArgs: ['--elements', '5', '--out', out],
      })
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', `run ${run} at p=${parallelism}: ${result.status} ${result.failure?.message ?? ''}`)
      assertTinyJobOutput(committedRows(out), 5, `run ${run}`)
    }
  })

  for (const isCheckpointed of [false, true]) {
    it(`finishes a file source at parallelism 3 whose two other subtasks have no split${isCheckpointed ? ', with its final checkpoint' : ''}`, async () => {
      const input = join(dir, `lines-${isCheckpointed}.txt`)
      const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`)
      writeFileSync(input, lines.join('\n') + '\n')
      const out = join(dir, `out-file-${isCheckpointed}`)
      const { jobMaster } = await submitJob({
        jobPath: FILE_LINES_JOB, jobArgs: ['--out', out, input],
        configEntries: [entry('parallelism.default', '3'), ...(isCheckpointed ? [entry('execution.checkpointing.interval', '1h')] : [])],
      })
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', result.failure?.message)
      const committed = readdirSync(out).filter((name) => !name.startsWith('.'))
        .flatMap((name) => readFileSync(join(out, name), 'utf8').split('\n').filter((line) => line !== ''))
        .map((line) => (JSON.parse(line) as { line: string }).line)
      assert.deepEqual(committed.sort(), [...lines].sort())
      if (isCheckpointed) assert.equal(jobMaster.checkpointStats?.snapshot().counts.completed, 1, 'the final checkpoint alone')
    })
  }

  it('fails a job whose subtasks are not deployed within slot.request.timeout, naming them', async () => {
    const { jobMaster } = await submitJob({
      jobPath: BLOCKING_JOB, configEntries: [entry('parallelism.default', '2'), entry('slot.request.timeout', '1s')], jobArgs: [],
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FAILED')
    assert.equal(result.failure?.code, 'SLUICE_DEPLOYMENT_TIMEOUT')
    assert.match(result.failure?.message ?? '', /within 1000 ms \(slot\.request\.timeout\); still waiting for Source: Numbers/)
  })
})
