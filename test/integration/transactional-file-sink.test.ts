import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ConfigEntry } from '../../src/config/config-entry.js'
import { CHECKPOINTING_INTERVAL, SAVEPOINT_DIRECTORY } from '../../src/config/options/checkpointing-options.js'
import { DEFAULT_PARALLELISM } from '../../src/config/options/pipeline-options.js'
import {
  RESTART_STRATEGY, RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_STRATEGY_FIXED_DELAY_DELAY,
} from '../../src/config/options/restart-strategy-options.js'
import { submitJob } from '../../src/job/submit-job.js'
import { SEED, SEQUENCES_JOB, entry, sequenceArgs } from '../support/exactly-once-scenarios.js'
import { pollUntil } from '../support/poll-until.js'
import { aRandom } from '../support/seeded-random.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'
import { WorkerFaultInjector } from '../support/worker-fault-injector.js'

// The sequences job through the TransactionalFileSink with part files that stay open across many checkpoints.
const CHECKPOINT_INTERVAL = '100ms'

function config(extra: readonly ConfigEntry[] = [], parallelism = 2): ConfigEntry[] {
  return [entry(DEFAULT_PARALLELISM.key, String(parallelism)), entry(CHECKPOINTING_INTERVAL.key, CHECKPOINT_INTERVAL), ...extra]
}

/** The committed part files of each sink subtask, by subtask index. */
function committedFilesBySubtask(dir: string): Map<number, string[]> {
  const bySubtask = new Map<number, string[]>()
  for (const name of readdirSync(dir).filter((name) => name.startsWith('part-')).sort()) {
    const subtaskIndex = Number(name.split('-')[1])
    bySubtask.set(subtaskIndex, [...(bySubtask.get(subtaskIndex) ?? []), name])
  }
  return bySubtask
}

const hiddenFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.'))

describe('the transactional file sink with a rolling policy', { timeout: 300_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-transactional-file-sink-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('commits a number of part files per subtask bounded by the rollover interval, not by the number of checkpoints', async (t) => {
    const out = join(dir, 'bounded-out')
    const rollAfterMs = 1_000
    const keys = 10
    const perKey = 500
    // 1000 rows/s: about 5 s of input, some 50 checkpoints
    const { jobMaster } = await submitJob({
      jobPath: SEQUENCES_JOB, configEntries: config(), jobArgs: [...sequenceArgs(keys, perKey, 1_000, out), '--roll-after-ms', String(rollAfterMs)],
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, keys, perKey), [])
    assert.equal(rows.length, keys * perKey)
    const completed = jobMaster.checkpointStats!.snapshot().counts.completed
    const files = committedFilesBySubtask(out)
    t.diagnostic(`${completed} checkpoints in ${result.durationMs} ms; committed files per subtask: ${[...files.values()].map((names) => names.length).join(', ')}`)
    assert.equal(files.size, 2)
    // a part file lives at least rollAfterMs; the last one rolls at end of input
    const bound = Math.floor(result.durationMs / rollAfterMs) + 1
    for (const [subtaskIndex, names] of files) assert.ok(names.length <= bound, `subtask ${subtaskIndex}: ${names.length} files, more than ${bound}`)
    const mostFiles = Math.max(...[...files.values()].map((names) => names.length))
    assert.ok(completed >= 3 * mostFiles, `${completed} checkpoints for up to ${mostFiles} files per subtask`)
    assert.deepEqual(hiddenFiles(out), [])
  })

  it('commits every row once while workers are killed and part files stay open across checkpoints or roll between them', async (t) => {
    const out = join(dir, 'killed-out')
    const keys = 10
    const perKey = 2_000
    const rounds = 8
    const { jobMaster } = await submitJob({
      jobPath: SEQUENCES_JOB,
      configEntries: config([
        entry(RESTART_STRATEGY.key, 'fixed-delay'), entry(RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS.key, '1000'),
        entry(RESTART_STRATEGY_FIXED_DELAY_DELAY.key, '20ms'),
      ]),
      // part files roll at 4 KiB (about 0.25 s of one subtask's rows) or after 700 ms: most checkpoints record an open
      // part file, which often rolls, with rows written after the checkpoint, before the next one completes; a
      // restore must cut those rows off (copying the whole file instead repeats rows with this seed)
      jobArgs: [...sequenceArgs(keys, perKey, 1_000, out), '--roll-after-ms', '700', '--max-part-bytes', String(4 * 1024)],
    })
    const injector = new WorkerFaultInjector(jobMaster, { random: aRandom(SEED), firstDeployBudgetMs: 60_000, recoveryBudgetMs: 20_000 })
    try {
      await injector.injectRounds(rounds)
    } catch (error) {
      await jobMaster.cancel()
      throw error
    }
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    assert.ok(jobMaster.numRestarts >= rounds, `only ${jobMaster.numRestarts} restarts`)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, keys, perKey), [])
    assert.equal(rows.length, keys * perKey)
    t.diagnostic(`seed ${SEED}; ${jobMaster.numRestarts} restarts; committed files per subtask: ` +
      `${[...committedFilesBySubtask(out).values()].map((names) => names.length).join(', ')}`)
  })

  it('commits nothing at a stop with a savepoint, and commits what it recorded of the open part files on resume at parallelism 3', async () => {
    const out = join(dir, 'savepoint-out')
    const keys = 12
    const perKey = 800
    const savepoints = entry(SAVEPOINT_DIRECTORY.key, join(dir, 'savepoints'))
    // no part file rolls before the end of input: every checkpoint records one open part file per subtask
    const jobArgs = [...sequenceArgs(keys, perKey, 1_500, out), '--roll-after-ms', '600000']
    let { jobMaster } = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: config([savepoints]), jobArgs })
    await pollUntil('five completed checkpoints', () => ((jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 5 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 10 })
    const savepoint = await jobMaster.stopWithSavepoint()
    assert.equal(jobMaster.status, 'CANCELED')
    assert.deepEqual(readCommittedSequences(out), [], 'neither checkpoints nor the savepoint rolled a part file')
    const recorded = hiddenFiles(out)
    assert.equal(recorded.length, 2, 'one part file per subtask, kept for the resume')

    // sources are read as splits, so the savepoint restores at another parallelism, source included
    ;({ jobMaster } = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: config([savepoints], 3), jobArgs, restorePath: savepoint }))
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, keys, perKey), [])
    assert.equal(rows.length, keys * perKey)
    // per subtask: the savepoint's part file, committed at the resume (subtasks 0 and 1), and the final one
    const files = committedFilesBySubtask(out)
    assert.deepEqual([files.get(0)?.[0], files.get(1)?.[0]], ['part-0-0.jsonl', 'part-1-0.jsonl'])
    for (const [subtaskIndex, names] of files) assert.ok(names.length <= 2, `subtask ${subtaskIndex}: ${names.join(', ')}`)
    assert.deepEqual(hiddenFiles(out), [])
  })
})
