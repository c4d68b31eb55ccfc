import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { submitJob } from '../../src/job/submit-job.js'
import { SEQUENCES_JOB, checkpointedConfig, sequenceArgs } from '../support/exactly-once-scenarios.js'
import { pause, pollUntil } from '../support/poll-until.js'
import { newestCompleteCheckpoint } from '../support/retained-checkpoints.js'
import { REPO_ROOT, runCli } from '../support/run-cli.js'
import { spawnCli } from '../support/spawn-cli.js'
import { aRandom } from '../support/seeded-random.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'

// FLIP-147: a bounded job commits its last output with a final checkpoint, so a crash at its very end never repeats rows.
const KEYS = 10
const PER_KEY = 400
const TOTAL = KEYS * PER_KEY
const SEED = Number(process.env.SLUICE_FAULT_SEED ?? 147)

function countCommitted(out: string): number {
  try {
    return readCommittedSequences(out).length
  } catch {
    return 0 // the sink has not created its directory yet
  }
}

/** Counts committed rows cheaply enough to poll every millisecond: committed part files never change, each is read once. */
function committedRowCounter(out: string): () => number {
  const rowsByFile = new Map<string, number>()
  return () => {
    let names: string[]
    try {
      names = readdirSync(out)
    } catch {
      return 0 // the sink has not created its directory yet
    }
    for (const name of names) {
      if (name.startsWith('.') || rowsByFile.has(name)) continue
      rowsByFile.set(name, readFileSync(join(out, name), 'utf8').split('\n').filter((line) => line !== '').length)
    }
    let total = 0
    for (const rows of rowsByFile.values()) total += rows
    return total
  }
}

describe('the final checkpoint of a bounded job', { timeout: 600_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-final-checkpoint-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('repeats no row when the whole process is SIGKILLed between its last commit and its exit, 20 times over, resuming each time a checkpoint is left', async (t) => {
    const random = aRandom(SEED)
    const outcomes = { resumed: 0, finishedBeforeKill: 0, cleanedUpBeforeKill: 0 }
    let trial = 0
    // a kill that lands after the finished job deleted its checkpoints leaves nothing to resume (the job had completed):
    // keep going until 20 kills landed between the last commit and the clean-up, each resumed
    while (outcomes.resumed < 20) {
      assert.ok(trial < 80, `after ${trial} trials only ${outcomes.resumed} kills landed between the last commit and the job's clean-up`)
      trial++
      const out = join(dir, `sigkill-${trial}-out`)
      const checkpoints = join(dir, `sigkill-${trial}-checkpoints`)
      const common = [
        '-p', '2', '-D', 'rest.port=0',
        '-D', 'execution.checkpointing.interval=300ms',
        '-D', `execution.checkpointing.dir=${checkpoints}`,
        '-D', 'execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
      ]
      const jobArgs = ['--', ...sequenceArgs(KEYS, PER_KEY, 8_000, out)]
      // its own process group, so that the kill takes the whole process, as a machine crash would
      const child = spawn(process.execPath, ['bin/sluice.js', 'run', ...common, SEQUENCES_JOB, ...jobArgs], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
      const committed = committedRowCounter(out)
      try {
        await pollUntil(() => `all ${TOTAL} rows committed in trial ${trial} (stderr: ${stderr})`, () => {
          if (child.exitCode !== null && committed() < TOTAL) throw new Error(`trial ${trial} exited with ${child.exitCode} before committing every row: ${stderr}`)
          return committed() >= TOTAL || child.exitCode !== null ? true : undefined
        }, { timeoutMs: 60_000, intervalMs: 1 })
        await pause(random() * 4)
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {
          // the process group is gone: the job exited on its own before the kill
        }
      }
      const ended = await exited
      assert.deepEqual(checkExactlyOnce(readCommittedSequences(out), KEYS, PER_KEY), [], `trial ${trial}, before any resume`)
      if (ended.signal !== 'SIGKILL') {
        assert.equal(ended.code, 0, `trial ${trial} ended with ${ended.code}: ${stderr}`)
        outcomes.finishedBeforeKill++
        continue
      }
      const newest = newestCompleteCheckpoint(checkpoints)
      if (newest === undefined) {
        // killed after the finished job had deleted its checkpoints: it had completed, nothing to resume
        outcomes.cleanedUpBeforeKill++
        continue
      }
      const resumed = await runCli(['run', '-s', newest.path, ...common, SEQUENCES_JOB, ...jobArgs])
      assert.equal(resumed.exitCode, 0, `the resume of trial ${trial} from chk-${newest.checkpointId} failed: ${resumed.stderr}`)
      const rows = readCommittedSequences(out)
      assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [], `trial ${trial}, resumed from chk-${newest.checkpointId}`)
      assert.equal(rows.length, TOTAL)
      outcomes.resumed++
    }
    t.diagnostic(`seed ${SEED}; ${trial} trials: ${outcomes.resumed} resumed from the retained final checkpoint, ` +
      `${outcomes.cleanedUpBeforeKill} killed after the job had finished and cleaned up, ${outcomes.finishedBeforeKill} exited before the kill`)
  })

  it('restarts from the latest checkpoint when a worker is killed during or right after the final checkpoint, repeating no row', async (t) => {
    const random = aRandom(SEED + 1)
    const phases: string[] = []
    for (let trial = 1; trial <= 10; trial++) {
      const out = join(dir, `worker-kill-${trial}-out`)
      const { jobMaster } = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: checkpointedConfig('EXACTLY_ONCE'), jobArgs: sequenceArgs(KEYS, PER_KEY, 8_000, out) })
      await pollUntil(() => `trial ${trial} at its end of input (status ${jobMaster.status})`,
        () => (jobMaster.isAtEndOfInput ? true : undefined), { timeoutMs: 60_000, intervalMs: 1 })
      // from right as the final checkpoint starts to after it completed and the subtasks commit and finish
      await pause(random() * 10)
      const inProgress = jobMaster.checkpointStats!.snapshot().counts.inProgress
      const committed = countCommitted(out)
      const workers = jobMaster.workerThreads()
      if (jobMaster.status === 'RUNNING' && workers.length > 0) void workers[Math.floor(random() * workers.length)]!.terminate()
      phases.push(jobMaster.status !== 'RUNNING' ? 'after the end' : inProgress > 0 ? 'final checkpoint in progress' : committed === TOTAL ? 'after the last commit' : 'before the trigger')
      const result = await jobMaster.result()
      assert.equal(result.status, 'FINISHED', `trial ${trial}: ${result.failure?.message}`)
      const rows = readCommittedSequences(out)
      assert.deepEqual(checkExactlyOnce(rows, KEYS, PER_KEY), [], `trial ${trial} (${phases.at(-1)})`)
      assert.equal(rows.length, TOTAL)
    }
    t.diagnostic(`seed ${SEED + 1}; kills: ${phases.join(', ')}`)
    assert.ok(phases.includes('final checkpoint in progress'), 'no kill hit the final checkpoint in progress')
  })

  it('ends a bounded job shorter than one checkpoint interval with a completed final checkpoint, shown by the REST API', async () => {
    const out = join(dir, 'short-out')
    const cli = spawnCli(['run', '-p', '2', '--keep-serving', '-D', 'execution.checkpointing.interval=1h', SEQUENCES_JOB, '--', ...sequenceArgs(3, 5, undefined, out)])
    try {
      await pollUntil(() => `the job to end and keep serving (stderr: ${cli.output().stderr})`,
        () => (cli.output().stderr.includes('--keep-serving') ? true : undefined), { timeoutMs: 60_000, intervalMs: 20 })
      const { stderr } = cli.output()
      assert.match(stderr, /Job \w+ finished in/)
      const url = /REST API at (http:\/\/[^\s;]+)/.exec(stderr)![1]!
      const jobId = /Job '[^']*' \((\w+)\) submitted/.exec(stderr)![1]!
      const checkpoints = await (await fetch(`${url}/jobs/${jobId}/checkpoints`)).json() as {
        counts: { completed: number }; latest: { completed: { id: number; status: string } | null }
      }
      assert.ok(checkpoints.counts.completed >= 1, `completed checkpoints: ${JSON.stringify(checkpoints.counts)}`)
      assert.equal(checkpoints.latest.completed?.status, 'COMPLETED')
      assert.deepEqual(checkExactlyOnce(readCommittedSequences(out), 3, 5), [])
    } finally {
      cli.child.kill('SIGINT')
      await cli.exited
    }
  })
})
