import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it, type TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CHECKPOINTING_CONSISTENCY_MODE, CHECKPOINTING_INTERVAL } from '../../src/config/options/checkpointing-options.js'
import { DEFAULT_PARALLELISM } from '../../src/config/options/pipeline-options.js'
import {
  RESTART_STRATEGY, RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_STRATEGY_FIXED_DELAY_DELAY,
} from '../../src/config/options/restart-strategy-options.js'
import type { ConfigEntry } from '../../src/config/config-entry.js'
import { submitJob } from '../../src/job/submit-job.js'
import { verifyCheckpoint } from '../../src/state/checkpoint-storage/checkpoint-reader.js'
import { pollUntil } from '../support/poll-until.js'
import { listRetainedCheckpoints, newestCompleteCheckpoint } from '../support/retained-checkpoints.js'
import { aRandom } from '../support/seeded-random.js'
import { checkExactlyOnce, readCommittedSequences, type SequenceRow } from '../support/sequence-output.js'
import { spawnCli } from '../support/spawn-cli.js'
import { WorkerFaultInjector, type FaultRound } from '../support/worker-fault-injector.js'

const SEQUENCES_JOB = fileURLToPath(new URL('../../examples/exactly-once/sequences.ts', import.meta.url))
const AT_LEAST_ONCE_JOB = fileURLToPath(new URL('./jobs/at-least-once-sequences.job.ts', import.meta.url))
const AT_LEAST_ONCE_ROUNDS = 10
const SEED = Number(process.env.SLUICE_FAULT_SEED ?? Date.now() % 2 ** 32)
const WORKER_FAULT_ROUNDS = 50
// 50 rounds must fit the file's 3-minute budget: a healthy restart plus one 200 ms checkpoint takes about 1 s
const RECOVERY_BUDGET_MS = 4_000

// Input for the worker-kill runs: 30 s at 1000 records/s without faults. Every round rewinds to the latest
// checkpoint, so the 50 rounds consume only part of it and the job still runs when the last one is injected.
const KILLED_KEYS = 10
const KILLED_PER_KEY = 3_000
const KILLED_RATE = 1_000

const entry = (key: string, value: string): ConfigEntry => ({ key, value, origin: '-D' })

function checkpointedConfig(mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'): ConfigEntry[] {
  return [
    entry(DEFAULT_PARALLELISM.key, '2'),
    entry(CHECKPOINTING_INTERVAL.key, '200ms'),
    entry(CHECKPOINTING_CONSISTENCY_MODE.key, mode),
    entry(RESTART_STRATEGY.key, 'fixed-delay'),
    entry(RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS.key, '1000'),
    entry(RESTART_STRATEGY_FIXED_DELAY_DELAY.key, '20ms'),
  ]
}

function sequenceArgs(keys: number, perKey: number, rate: number | undefined, out: string): string[] {
  return ['--keys', String(keys), '--per-key', String(perKey), ...(rate === undefined ? [] : ['--rate', String(rate)]), '--out', out]
}

function sorted(rows: readonly SequenceRow[]): SequenceRow[] {
  return [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq))
}

/** Runs the sequences job in-process without faults (and without a rate limit: the rows do not depend on it). */
async function straightRun(dir: string, keys: number, perKey: number): Promise<SequenceRow[]> {
  const out = join(dir, 'straight-out')
  const { jobMaster } = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: checkpointedConfig('EXACTLY_ONCE'), jobArgs: sequenceArgs(keys, perKey, undefined, out) })
  const result = await jobMaster.result()
  assert.equal(result.status, 'FINISHED', `the straight run ended ${result.status}: ${result.failure?.message}`)
  return readCommittedSequences(out)
}

/** Every round started only after the previous round's last kill was followed by a new completed checkpoint. */
function assertCheckpointsAfterEveryRound(rounds: readonly FaultRound[]): void {
  for (let i = 1; i < rounds.length; i++) {
    const previous = rounds[i - 1]!
    const completedAtLastKill = Math.max(...previous.kills.map((kill) => kill.checkpointsCompleted))
    assert.ok(rounds[i]!.checkpointsCompletedAtStart > completedAtLastKill,
      `round ${i + 1} started with ${rounds[i]!.checkpointsCompletedAtStart} completed checkpoints, no more than at round ${i}'s last kill (${completedAtLastKill})`)
  }
}

function describeRounds(rounds: readonly FaultRound[]): string {
  const kills = rounds.flatMap((round) => round.kills)
  const recoveries = rounds.slice(1).map((round) => round.recoveryMs).sort((a, b) => a - b)
  const byPhase = new Map<string, number>()
  for (const kill of kills) byPhase.set(kill.phase, (byPhase.get(kill.phase) ?? 0) + 1)
  return `${rounds.length} rounds, ${kills.length} kills (${[...byPhase].map(([phase, n]) => `${phase} ${n}`).join(', ')}); ` +
    `kills with a checkpoint in progress: ${kills.filter((kill) => kill.checkpointsInProgress > 0).length}; ` +
    `kills while RESTARTING: ${kills.filter((kill) => kill.status === 'RESTARTING').length}; ` +
    `recovery median ${recoveries[Math.floor(recoveries.length / 2)]} ms, max ${recoveries.at(-1)} ms`
}

/** Runs a rate-limited sequences job while killing workers in `rounds` rounds; returns its rows. */
async function runWithWorkerKills(t: TestContext, dir: string, mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE',
  jobPath = SEQUENCES_JOB, rounds = WORKER_FAULT_ROUNDS) {
  const out = join(dir, `killed-${mode}-out`)
  const { jobMaster } = await submitJob({
    jobPath, configEntries: checkpointedConfig(mode), jobArgs: sequenceArgs(KILLED_KEYS, KILLED_PER_KEY, KILLED_RATE, out),
  })
  assert.equal(jobMaster.checkpointStats?.snapshot().configuration.mode, mode)
  const injector = new WorkerFaultInjector(jobMaster, { random: aRandom(SEED), recoveryBudgetMs: RECOVERY_BUDGET_MS })
  const startedAtMs = Date.now()
  try {
    await injector.injectRounds(rounds)
  } catch (error) {
    t.diagnostic(`seed ${SEED}; ${describeRounds(injector.rounds)}`)
    await jobMaster.cancel()
    throw error
  }
  const faultsMs = Date.now() - startedAtMs
  const result = await jobMaster.result()
  t.diagnostic(`seed ${SEED}; ${describeRounds(injector.rounds)}; faults took ${faultsMs} ms, the job ${result.durationMs} ms`)
  assert.equal(result.status, 'FINISHED', `the job ended ${result.status}: ${result.failure?.message}`)
  return { rows: readCommittedSequences(out), rounds: injector.rounds, numRestarts: jobMaster.numRestarts }
}

describe('exactly-once under faults', { timeout: 170_000 }, () => {
  let dir: string
  let straightRows: SequenceRow[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-exactly-once-faults-'))
    straightRows = await straightRun(dir, KILLED_KEYS, KILLED_PER_KEY)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('commits every sequence once when workers are killed 50+ times, also mid-snapshot and mid-restore', async (t) => {
    const { rows, rounds, numRestarts } = await runWithWorkerKills(t, dir, 'EXACTLY_ONCE')
    assertCheckpointsAfterEveryRound(rounds)
    const kills = rounds.flatMap((round) => round.kills)
    assert.ok(kills.some((kill) => kill.phase === 'snapshot' && kill.checkpointsInProgress > 0), 'no kill hit a checkpoint in progress')
    assert.ok(kills.some((kill) => kill.status === 'RESTARTING'), 'no kill hit a restarting job')
    assert.ok(numRestarts >= WORKER_FAULT_ROUNDS, `only ${numRestarts} restarts`)
    assert.deepEqual(checkExactlyOnce(rows, KILLED_KEYS, KILLED_PER_KEY), [])
    assert.equal(rows.length, KILLED_KEYS * KILLED_PER_KEY)
    assert.deepEqual(sorted(rows), sorted(straightRows))
  })

  it('loses nothing at least once when workers are killed, though records may repeat', async (t) => {
    const { rows, numRestarts } = await runWithWorkerKills(t, dir, 'AT_LEAST_ONCE', AT_LEAST_ONCE_JOB, AT_LEAST_ONCE_ROUNDS)
    assert.ok(numRestarts >= AT_LEAST_ONCE_ROUNDS, `only ${numRestarts} restarts`)
    const seqsByKey = new Map<string, Set<number>>()
    for (const row of rows) {
      const seqs = seqsByKey.get(row.key) ?? new Set<number>()
      seqs.add(row.seq)
      seqsByKey.set(row.key, seqs)
    }
    assert.equal(seqsByKey.size, KILLED_KEYS)
    for (const [key, seqs] of seqsByKey) {
      const missing = Array.from({ length: KILLED_PER_KEY }, (_, i) => i + 1).filter((seq) => !seqs.has(seq))
      assert.deepEqual(missing.slice(0, 10), [], `key ${key} lost ${missing.length} seqs`)
    }
    t.diagnostic(`${rows.length - KILLED_KEYS * KILLED_PER_KEY} repeated rows after ${numRestarts} restarts`)
  })

  it('resumes from the newest retained checkpoint after the whole process is SIGKILLed, again and again', async (t) => {
    const keys = 10
    const perKey = 1_500
    const checkpointsDir = join(dir, 'cli-checkpoints')
    const out = join(dir, 'cli-out')
    const common = [
      '-p', '2',
      '-D', `${CHECKPOINTING_INTERVAL.key}=200ms`,
      '-D', `execution.checkpointing.dir=${checkpointsDir}`,
      '-D', 'execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
    ]
    // 1000 records/s: 15 s of input, each of the 3 killed runs advances it by about two checkpoints' worth
    const jobArgs = ['--', ...sequenceArgs(keys, perKey, 1_000, out)]
    const random = aRandom(SEED + 1)
    let resumeFrom: string | undefined
    for (let kill = 1; kill <= 3; kill++) {
      const highestBefore = listRetainedCheckpoints(checkpointsDir).filter((c) => c.isComplete).at(-1)?.checkpointId ?? 0
      const cli = spawnCli(['run', ...(resumeFrom === undefined ? [] : ['-s', resumeFrom]), ...common, SEQUENCES_JOB, ...jobArgs])
      try {
        // a few checkpoints of this run, then a random moment (possibly mid-checkpoint) for the SIGKILL
        const target = highestBefore + 2 + kill
        await pollUntil(() => `chk-${target}/_metadata of run ${kill} (stderr: ${cli.output().stderr})`, () => {
          if (cli.child.exitCode !== null) throw new Error(`run ${kill} ended early with ${cli.child.exitCode}: ${cli.output().stderr}`)
          return listRetainedCheckpoints(checkpointsDir).some((c) => c.isComplete && c.checkpointId >= target) ? true : undefined
        }, { timeoutMs: 30_000, intervalMs: 5 })
        await new Promise((resolve) => setTimeout(resolve, random() * 200))
      } finally {
        cli.child.kill('SIGKILL')
      }
      const ended = await cli.exited
      assert.equal(ended.signal, 'SIGKILL', `run ${kill} was not killed: ${ended.stderr}`)
      const dirs = listRetainedCheckpoints(checkpointsDir)
      const newest = newestCompleteCheckpoint(checkpointsDir)
      assert.ok(newest !== undefined && newest.checkpointId > highestBefore, `run ${kill} left no new complete checkpoint: ${JSON.stringify(dirs)}`)
      // a checkpoint cut off by the kill must not look complete: whatever has _metadata must verify in full
      for (const complete of dirs.filter((c) => c.isComplete)) {
        await assert.doesNotReject(verifyCheckpoint(complete.path), `${complete.path} has _metadata but does not verify`)
      }
      t.diagnostic(`kill ${kill}: complete ${dirs.filter((c) => c.isComplete).map((c) => c.checkpointId).join(',')}; ` +
        `incomplete ${dirs.filter((c) => !c.isComplete).map((c) => c.checkpointId).join(',') || 'none'}; resuming from chk-${newest.checkpointId}`)
      resumeFrom = newest.path
    }
    const final = spawnCli(['run', '-s', resumeFrom!, ...common, SEQUENCES_JOB, ...jobArgs])
    const timer = setTimeout(() => final.child.kill('SIGKILL'), 60_000)
    const ended = await final.exited
    clearTimeout(timer)
    assert.equal(ended.exitCode, 0, `the final run failed: ${ended.stderr}`)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, keys, perKey), [])
    assert.equal(rows.length, keys * perKey)
  })
})
