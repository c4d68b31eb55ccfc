import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CHECKPOINTING_CONSISTENCY_MODE, CHECKPOINTING_INTERVAL } from '../../src/config/options/checkpointing-options.js'
import { DEFAULT_PARALLELISM } from '../../src/config/options/pipeline-options.js'
import {
  RESTART_STRATEGY, RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_STRATEGY_FIXED_DELAY_DELAY,
} from '../../src/config/options/restart-strategy-options.js'
import type { ConfigEntry } from '../../src/config/config-entry.js'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { submitJob } from '../../src/job/submit-job.js'
import { verifyCheckpoint } from '../../src/state/checkpoint-storage/checkpoint-reader.js'
import { pause, pollUntil } from './poll-until.js'
import { listRetainedCheckpoints, newestCompleteCheckpoint } from './retained-checkpoints.js'
import { aRandom } from './seeded-random.js'
import { checkExactlyOnce, readCommittedSequences, type SequenceRow } from './sequence-output.js'
import { spawnCli } from './spawn-cli.js'
import { WorkerFaultInjector, type FaultRound } from './worker-fault-injector.js'

// The fault scenarios of the exactly-once acceptance (issue #4), shared by the aligned and the unaligned test files.

export const SEQUENCES_JOB = fileURLToPath(new URL('../../examples/exactly-once/sequences.ts', import.meta.url))
const DEFAULT_FAULT_SEED = 42
/**
 * The seed of the fault schedules: fixed, so that `npm test` injects the same faults on every run; SLUICE_FAULT_SEED
 * replays another, and `npm run soak` (scripts/soak-exactly-once.mjs) tries fresh ones.
 */
export const SEED = faultSeed(process.env.SLUICE_FAULT_SEED)
export const WORKER_FAULT_ROUNDS = 50
// a cold start, in which every worker loads tsx and the job module, takes seconds on a loaded machine
const FIRST_DEPLOY_BUDGET_MS = 60_000
// a healthy restart plus one 200 ms checkpoint takes about 1 s on an idle machine; on one core shared with other
// work, 2 s in the median and up to 5 s. The budget only has to tell a job that stopped recovering from a slow one.
const RECOVERY_BUDGET_MS = 20_000

function faultSeed(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_FAULT_SEED
  const seed = Number(value)
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`SLUICE_FAULT_SEED must be a whole number from 0 to ${2 ** 32 - 1}, not '${value}'`)
  return seed
}

/** How the sequences job checkpoints and how fast it can go, beyond the common settings. */
export interface CheckpointingVariant {
  /** Extra `-D` settings (e.g. unaligned checkpoints). */
  readonly config: readonly ConfigEntry[]
  /** CPU time per element in the keyed operator; enough of it back-pressures the rate-limited source. */
  readonly busyMicros: number
  /** CPU time per row in a task of its own before the sink: the keyed task's output is back-pressured too. */
  readonly sinkBusyMicros?: number
}

export const ALIGNED: CheckpointingVariant = { config: [], busyMicros: 0 }

export const entry = (key: string, value: string): ConfigEntry => ({ key, value, origin: '-D' })

export function checkpointedConfig(mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE', variant: CheckpointingVariant = ALIGNED): ConfigEntry[] {
  return [
    entry(DEFAULT_PARALLELISM.key, '2'),
    entry(CHECKPOINTING_INTERVAL.key, '200ms'),
    entry(CHECKPOINTING_CONSISTENCY_MODE.key, mode),
    entry(RESTART_STRATEGY.key, 'fixed-delay'),
    entry(RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS.key, '1000'),
    entry(RESTART_STRATEGY_FIXED_DELAY_DELAY.key, '20ms'),
    ...variant.config,
  ]
}

export function sequenceArgs(keys: number, perKey: number, rate: number | undefined, out: string, busyMicros = 0, sinkBusyMicros = 0): string[] {
  return ['--keys', String(keys), '--per-key', String(perKey), ...(rate === undefined ? [] : ['--rate', String(rate)]), '--out', out,
    ...(busyMicros > 0 ? ['--busy-us', String(busyMicros)] : []), ...(sinkBusyMicros > 0 ? ['--sink-busy-us', String(sinkBusyMicros)] : [])]
}

export function sorted(rows: readonly SequenceRow[]): SequenceRow[] {
  return [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq))
}

/** Runs the sequences job in-process without faults (and without a rate limit: the rows do not depend on it). */
export async function straightRun(dir: string, keys: number, perKey: number): Promise<SequenceRow[]> {
  const out = join(dir, 'straight-out')
  const { jobMaster } = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: checkpointedConfig('EXACTLY_ONCE'), jobArgs: sequenceArgs(keys, perKey, undefined, out) })
  const result = await jobMaster.result()
  assert.equal(result.status, 'FINISHED', `the straight run ended ${result.status}: ${result.failure?.message}`)
  return readCommittedSequences(out)
}

/** Every round started only after the previous round's last kill was followed by a new completed checkpoint. */
export function assertCheckpointsAfterEveryRound(rounds: readonly FaultRound[]): void {
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

/** The input of a worker-kill run: enough that the job still runs when the last round is injected. */
export interface KilledRunInput {
  readonly keys: number
  readonly perKey: number
  readonly rate: number
}

/** Runs a rate-limited sequences job while killing workers in `rounds` rounds; returns its rows. */
export async function runWithWorkerKills(t: TestContext, out: string, mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE', input: KilledRunInput,
  options: { readonly jobPath?: string; readonly rounds?: number; readonly variant?: CheckpointingVariant } = {}):
  Promise<{ rows: SequenceRow[]; rounds: readonly FaultRound[]; numRestarts: number; jobMaster: JobMaster }> {
  const variant = options.variant ?? ALIGNED
  const { jobMaster } = await submitJob({
    jobPath: options.jobPath ?? SEQUENCES_JOB, configEntries: checkpointedConfig(mode, variant),
    jobArgs: sequenceArgs(input.keys, input.perKey, input.rate, out, variant.busyMicros, variant.sinkBusyMicros),
  })
  assert.equal(jobMaster.checkpointStats?.snapshot().configuration.mode, mode)
  const injector = new WorkerFaultInjector(jobMaster, {
    random: aRandom(SEED), firstDeployBudgetMs: FIRST_DEPLOY_BUDGET_MS, recoveryBudgetMs: RECOVERY_BUDGET_MS,
  })
  const startedAtMs = Date.now()
  // when the test's budget runs out, say how far the faults got, and stop the job
  const onCancelled = () => {
    t.diagnostic(`cancelled after ${Date.now() - startedAtMs} ms: seed ${SEED}; ${describeRounds(injector.rounds)}`)
    void jobMaster.cancel()
  }
  t.signal.addEventListener('abort', onCancelled, { once: true })
  let result: Awaited<ReturnType<JobMaster['result']>>
  try {
    await injector.injectRounds(options.rounds ?? WORKER_FAULT_ROUNDS)
    const faultsMs = Date.now() - startedAtMs
    result = await jobMaster.result()
    t.diagnostic(`seed ${SEED}; ${describeRounds(injector.rounds)}; faults took ${faultsMs} ms, the job ${result.durationMs} ms`)
  } catch (error) {
    t.diagnostic(`seed ${SEED}; ${describeRounds(injector.rounds)}`)
    await jobMaster.cancel()
    throw error
  } finally {
    t.signal.removeEventListener('abort', onCancelled)
  }
  assert.equal(result.status, 'FINISHED', `the job ended ${result.status}: ${result.failure?.message}`)
  return { rows: readCommittedSequences(out), rounds: injector.rounds, numRestarts: jobMaster.numRestarts, jobMaster }
}

/** The worker-kill invariants on an exactly-once run: faults everywhere, recovery after each, every row once. */
export function assertExactlyOnceUnderKills(run: Awaited<ReturnType<typeof runWithWorkerKills>>, input: KilledRunInput,
  straightRows: readonly SequenceRow[]): void {
  const { rows, rounds, numRestarts } = run
  assertCheckpointsAfterEveryRound(rounds)
  const kills = rounds.flatMap((round) => round.kills)
  assert.ok(kills.some((kill) => kill.phase === 'snapshot' && kill.checkpointsInProgress > 0), 'no kill hit a checkpoint in progress')
  assert.ok(kills.some((kill) => kill.status === 'RESTARTING'), 'no kill hit a restarting job')
  assert.ok(numRestarts >= WORKER_FAULT_ROUNDS, `only ${numRestarts} restarts`)
  assert.deepEqual(checkExactlyOnce(rows, input.keys, input.perKey), [])
  assert.equal(rows.length, input.keys * input.perKey)
  assert.deepEqual(sorted(rows), sorted(straightRows))
}

/**
 * Runs the sequences job through the real CLI three times, SIGKILLing the whole process at a random moment after a
 * few checkpoints, each time resuming with `-s` from the newest complete retained checkpoint; then lets it finish
 * and checks every row was committed once. Returns the checkpoint directories it resumed from.
 */
export async function resumeAfterRepeatedSigkills(t: TestContext, dir: string, variant: CheckpointingVariant = ALIGNED): Promise<string[]> {
  const keys = 10
  const perKey = 1_500
  const checkpointsDir = join(dir, 'cli-checkpoints')
  const out = join(dir, 'cli-out')
  const common = [
    '-p', '2',
    '-D', `${CHECKPOINTING_INTERVAL.key}=200ms`,
    '-D', `execution.checkpointing.dir=${checkpointsDir}`,
    '-D', 'execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
    ...variant.config.flatMap((e) => ['-D', `${e.key}=${e.value}`]),
  ]
  // 1000 records/s: 15 s of input, each of the 3 killed runs advances it by about two checkpoints' worth
  const jobArgs = ['--', ...sequenceArgs(keys, perKey, 1_000, out, variant.busyMicros, variant.sinkBusyMicros)]
  const random = aRandom(SEED + 1)
  let resumeFrom: string | undefined
  const resumedFrom: string[] = []
  for (let kill = 1; kill <= 3; kill++) {
    const highestBefore = listRetainedCheckpoints(checkpointsDir).filter((c) => c.isComplete).at(-1)?.checkpointId ?? 0
    const cli = spawnCli(['run', ...(resumeFrom === undefined ? [] : ['-s', resumeFrom]), ...common, SEQUENCES_JOB, ...jobArgs])
    try {
      // a few checkpoints of this run, then a random moment (possibly mid-checkpoint) for the SIGKILL
      const target = highestBefore + 2 + kill
      await pollUntil(() => `chk-${target}/_metadata of run ${kill} (stderr: ${cli.output().stderr})`, () => {
        if (cli.child.exitCode !== null) throw new Error(`run ${kill} ended early with ${cli.child.exitCode}: ${cli.output().stderr}`)
        return listRetainedCheckpoints(checkpointsDir).some((c) => c.isComplete && c.checkpointId >= target) ? true : undefined
      }, { timeoutMs: 60_000, intervalMs: 5 })
      await pause(random() * 200)
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
    resumedFrom.push(newest.path)
  }
  const final = spawnCli(['run', '-s', resumeFrom!, ...common, SEQUENCES_JOB, ...jobArgs])
  // no time limit of its own (it drains most of the input at the source's rate): the test's budget bounds it
  const onCancelled = () => {
    t.diagnostic(`cancelled during the final run; its stderr so far:\n${final.output().stderr}`)
    final.child.kill('SIGKILL')
  }
  t.signal.addEventListener('abort', onCancelled, { once: true })
  const ended = await final.exited
  t.signal.removeEventListener('abort', onCancelled)
  assert.equal(ended.exitCode, 0, `the final run failed: ${ended.stderr}`)
  const rows = readCommittedSequences(out)
  assert.deepEqual(checkExactlyOnce(rows, keys, perKey), [])
  assert.equal(rows.length, keys * perKey)
  return resumedFrom
}
