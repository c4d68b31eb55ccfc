import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { ConfigEntry } from '../../src/config/config-entry.js'
import { submitJob } from '../../src/job/submit-job.js'
import { SEQUENCES_JOB, sequenceArgs } from '../support/exactly-once-scenarios.js'
import { pollUntil } from '../support/poll-until.js'
import { newestCompleteCheckpoint } from '../support/retained-checkpoints.js'
import { runCli } from '../support/run-cli.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'

const NONDETERMINISTIC_JOB = fileURLToPath(new URL('./jobs/nondeterministic-graph.job.ts', import.meta.url))
const THROWING_JOB = fileURLToPath(new URL('./jobs/always-throwing-map.job.ts', import.meta.url))

const entries = (pairs: Record<string, string>): ConfigEntry[] => Object.entries(pairs).map(([key, value]) => ({ key, value, origin: 'test' }))

describe('restart decisions', { timeout: 300_000 }, () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-restarts-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('fails at once, whatever the restart strategy, when the restored state cannot fit the job', async () => {
    const checkpoints = join(dir, 'max-parallelism-checkpoints')
    const out = join(dir, 'max-parallelism-out')
    const config = { 'execution.checkpointing.interval': '100ms', 'execution.checkpointing.dir': checkpoints, 'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION' }
    const first = await submitJob({ jobPath: SEQUENCES_JOB, configEntries: entries({ ...config, 'parallelism.default': '2' }), jobArgs: sequenceArgs(4, 100_000, 2000, out) })
    await pollUntil('a completed checkpoint', () => ((first.jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 1 ? true : undefined), { timeoutMs: 60_000, intervalMs: 10 })
    await first.jobMaster.cancel()
    const restorePath = newestCompleteCheckpoint(checkpoints)!.path
    // keyed state of 128 key groups into a job of 64: every attempt would fail reading it (exponential-delay is the default)
    const run = await runCli(['run', '-s', restorePath, '-p', '2', '-D', 'pipeline.max-parallelism=64', '-D', 'execution.checkpointing.interval=100ms',
      SEQUENCES_JOB, '--', ...sequenceArgs(4, 100_000, 2000, out)])
    assert.equal(run.exitCode, 1, run.stderr)
    const failureLines = run.stderr.split('\n').filter((line) => line.startsWith('Job failed'))
    assert.equal(failureLines.length, 1, run.stderr)
    assert.match(failureLines[0]!, /written with pipeline\.max-parallelism 128 .*\(not restarted: every attempt would fail the same way\).*\[SLUICE_STATE_MAX_PARALLELISM_MISMATCH\]$/)
    assert.doesNotMatch(run.stderr, /restart 1 from the latest checkpoint/)
  })

  it('fails at once when the workers build another pipeline than the coordinator', async () => {
    const { jobMaster } = await submitJob({
      jobPath: NONDETERMINISTIC_JOB, jobArgs: [],
      configEntries: entries({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '100', 'restart-strategy.fixed-delay.delay': '10ms' }),
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FAILED')
    assert.equal(result.failure?.code, 'SLUICE_JOB_NONDETERMINISTIC_GRAPH')
    assert.equal(jobMaster.numRestarts, 0)
  })

  it('restarts a job whose user code throws as often as the restart strategy allows, as Flink does', async () => {
    const { jobMaster } = await submitJob({
      jobPath: THROWING_JOB, jobArgs: [],
      configEntries: entries({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '2', 'restart-strategy.fixed-delay.delay': '10ms' }),
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FAILED')
    assert.equal(result.failure?.code, 'SLUICE_JOB_USER_FUNCTION_FAILED')
    assert.equal(jobMaster.numRestarts, 2)
  })

  it('fails over through the restart strategy when more checkpoints fail than tolerated, instead of failing for good', async () => {
    // a back-pressured job whose checkpoints cannot complete within 10 ms: every one expires
    const { jobMaster } = await submitJob({
      jobPath: SEQUENCES_JOB, jobArgs: sequenceArgs(4, 100_000, 20_000, join(dir, 'expiring-out'), 200),
      configEntries: entries({
        'parallelism.default': '2', 'execution.checkpointing.interval': '50ms', 'execution.checkpointing.timeout': '10ms',
        'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '2', 'restart-strategy.fixed-delay.delay': '10ms',
      }),
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FAILED')
    assert.equal(result.failure?.code, 'SLUICE_CHECKPOINT_TOLERABLE_FAILURES_EXCEEDED')
    assert.equal(jobMaster.numRestarts, 2, 'each excess of tolerable failures was a failover, until the attempts ran out')
    assert.match(result.failure?.message ?? '', /not restarted/)
  })

  it('restores a savepoint into a job that runs without checkpoints, exactly once', async () => {
    const out = join(dir, 'unchecked-out')
    const savepoints = join(dir, 'unchecked-savepoints')
    const first = await submitJob({
      jobPath: SEQUENCES_JOB, jobArgs: sequenceArgs(6, 500, 1500, out),
      configEntries: entries({ 'parallelism.default': '2', 'execution.checkpointing.interval': '200ms', 'execution.checkpointing.savepoint-dir': savepoints }),
    })
    await pollUntil('a completed checkpoint', () => ((first.jobMaster.checkpointStats?.snapshot().counts.completed ?? 0) >= 1 ? true : undefined), { timeoutMs: 60_000, intervalMs: 10 })
    const savepoint = await first.jobMaster.stopWithSavepoint()
    const resumed = await submitJob({ jobPath: SEQUENCES_JOB, jobArgs: sequenceArgs(6, 500, 1500, out), configEntries: entries({ 'parallelism.default': '2' }), restorePath: savepoint })
    const result = await resumed.jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    const rows = readCommittedSequences(out)
    assert.deepEqual(checkExactlyOnce(rows, 6, 500), [])
    assert.equal(rows.length, 6 * 500)
  })
})
