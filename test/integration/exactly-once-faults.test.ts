import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  assertExactlyOnceUnderKills, resumeAfterRepeatedSigkills, runWithWorkerKills, straightRun, type KilledRunInput,
} from '../support/exactly-once-scenarios.js'
import type { SequenceRow } from '../support/sequence-output.js'

const AT_LEAST_ONCE_JOB = fileURLToPath(new URL('./jobs/at-least-once-sequences.job.ts', import.meta.url))
const AT_LEAST_ONCE_ROUNDS = 10

// Input for the worker-kill runs: 30 s at 1000 records/s without faults. Every round rewinds to the latest
// checkpoint, so the 50 rounds consume only part of it and the job still runs when the last one is injected.
const KILLED: KilledRunInput = { keys: 10, perKey: 3_000, rate: 1_000 }

// the budget of the whole file, which took 4 to 4.5 minutes on one core or next to two busy loops, with other work
describe('exactly-once under faults', { timeout: 600_000 }, () => {
  let dir: string
  let straightRows: SequenceRow[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-exactly-once-faults-'))
    straightRows = await straightRun(dir, KILLED.keys, KILLED.perKey)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('commits every sequence once when workers are killed 50+ times, also mid-snapshot and mid-restore', async (t) => {
    const run = await runWithWorkerKills(t, join(dir, 'killed-exactly-once-out'), 'EXACTLY_ONCE', KILLED)
    assertExactlyOnceUnderKills(run, KILLED, straightRows)
  })

  it('loses nothing at least once when workers are killed, though records may repeat', async (t) => {
    const { rows, numRestarts } = await runWithWorkerKills(t, join(dir, 'killed-at-least-once-out'), 'AT_LEAST_ONCE', KILLED,
      { jobPath: AT_LEAST_ONCE_JOB, rounds: AT_LEAST_ONCE_ROUNDS })
    assert.ok(numRestarts >= AT_LEAST_ONCE_ROUNDS, `only ${numRestarts} restarts`)
    const seqsByKey = new Map<string, Set<number>>()
    for (const row of rows) {
      const seqs = seqsByKey.get(row.key) ?? new Set<number>()
      seqs.add(row.seq)
      seqsByKey.set(row.key, seqs)
    }
    assert.equal(seqsByKey.size, KILLED.keys)
    for (const [key, seqs] of seqsByKey) {
      const missing = Array.from({ length: KILLED.perKey }, (_, i) => i + 1).filter((seq) => !seqs.has(seq))
      assert.deepEqual(missing.slice(0, 10), [], `key ${key} lost ${missing.length} seqs`)
    }
    t.diagnostic(`${rows.length - KILLED.keys * KILLED.perKey} repeated rows after ${numRestarts} restarts`)
  })

  it('resumes from the newest retained checkpoint after the whole process is SIGKILLed, again and again', async (t) => {
    await resumeAfterRepeatedSigkills(t, dir)
  })
})
