// What a careless operator gives `sluice run` (issue #9, section 5): a checkpoint directory that cannot exist, an
// empty one, a metric reporter Sluice does not have, a job's checkpoint directory instead of one checkpoint, an
// impatient Ctrl-C. Each case runs the real CLI; bad input exits 2 with one line ending in its code and no banner.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { pollUntil } from '../support/poll-until.js'
import { runCli, type CliResult } from '../support/run-cli.js'
import { spawnCli } from '../support/spawn-cli.js'
import { aCompletedCheckpoint, aStorage, corruptByte } from '../unit/state/checkpoint-storage/checkpoint-storage-fixtures.js'

const JOBS = 'test/integration/jobs'
/** A job that never gets to run in the cases where only the options are wrong. */
const ANY_JOB = `${JOBS}/bad-throwing-map.job.ts`
const CLI_TIMEOUT_MS = 30_000
/** A stack frame of Sluice's own source, which a user cannot act on. */
const INTERNAL_FRAME = /\s+at .*\/src\//

/** Bad input: exit code 2, one `error:` line ending in the error code, no submission banner, no stack. */
function assertRejected(result: CliResult, line: RegExp): void {
  const report = `exit code ${result.exitCode}\nstderr:\n${result.stderr}`
  assert.equal(result.exitCode, 2, report)
  const lines = result.stderr.split('\n').filter((text) => text.trim() !== '')
  assert.equal(lines.length, 1, report)
  assert.match(lines[0]!, line, report)
  assert.match(lines[0]!, / \[SLUICE_[A-Z_]+\]$/, report)
  assert.doesNotMatch(result.stderr, /submitted/, report)
  assert.doesNotMatch(result.stderr, INTERNAL_FRAME, report)
}

describe('sluice run given what a careless operator gives it', { concurrency: true }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-operator-mistakes-'))
  after(() => rmSync(scratch, { recursive: true, force: true }))

  // it used to stay CREATED for good (Node's recursive mkdir spins there), and Ctrl-C then needed SIGKILL
  it('refuses a checkpoint directory that cannot be created, before anything starts', { skip: !existsSync('/proc/self') }, async () => {
    const result = await runCli(['run', ANY_JOB, '-D', 'execution.checkpointing.interval=1s', '-D', 'execution.checkpointing.dir=/proc/x'], CLI_TIMEOUT_MS)
    assertRejected(result, /^error: checkpoint storage cannot create directory '\/proc\/x\/[0-9a-f]{32}': ENOENT: .*; use a directory on a writable file system \[SLUICE_CHECKPOINT_STORAGE_IO\]$/)
  })

  it('refuses an empty execution.checkpointing.dir instead of writing checkpoints somewhere else', async () => {
    const result = await runCli(['run', ANY_JOB, '-D', 'execution.checkpointing.interval=1s', '-D', 'execution.checkpointing.dir='], CLI_TIMEOUT_MS)
    assertRejected(result, /^error: invalid value '' for configuration key 'execution\.checkpointing\.dir' \(from -D\): expected a directory path or file:\/\/ URI \(leave the key unset .*\), not an empty value \[SLUICE_CONFIG_INVALID_VALUE\]$/)
  })

  it('refuses a savepoint directory it could never write to, instead of failing the first savepoint', async () => {
    const result = await runCli(['run', ANY_JOB, '-D', 'execution.checkpointing.savepoint-dir=s3://bucket/savepoints'], CLI_TIMEOUT_MS)
    assertRejected(result, /^error: invalid value 's3:\/\/bucket\/savepoints' for configuration key 'execution\.checkpointing\.savepoint-dir' \(from -D\): expected a local path or file:\/\/ URI \(s3:\/\/ is not supported\) \[SLUICE_CONFIG_INVALID_VALUE\]$/)
  })

  it('refuses an unknown metric reporter factory before submitting the job', async () => {
    const result = await runCli(['run', ANY_JOB, '-D', 'metrics.reporter.foo.factory.class=org.nope.Factory'], CLI_TIMEOUT_MS)
    assertRejected(result, /^error: unknown metric reporter 'org\.nope\.Factory' for configuration key 'metrics\.reporter\.foo\.factory\.class'; Sluice has: prometheus, .* \[SLUICE_METRICS_UNKNOWN_REPORTER_FACTORY\]$/)
  })

  it('refuses a reporter without what it needs (a Graphite reporter without port) before submitting the job', async () => {
    const result = await runCli(['run', ANY_JOB, '-D', 'metrics.reporter.grph.factory.class=graphite', '-D', 'metrics.reporter.grph.host=127.0.0.1'], CLI_TIMEOUT_MS)
    assertRejected(result, /^error: invalid metric reporter configuration 'metrics\.reporter\.grph\.port': the graphite reporter needs the port of its server \[SLUICE_METRICS_INVALID_REPORTER_CONFIG\]$/)
  })

  it('answers -s <job dir> with the newest of its checkpoints that verifies', async () => {
    const storage = aStorage(join(scratch, 'checkpoints'))
    await storage.initialize()
    for (const id of [3, 5]) await aCompletedCheckpoint(storage, id)
    corruptByte(join(storage.jobDir, 'chk-5', 'keyed-0'), 0)
    const result = await runCli(['run', ANY_JOB, '-s', storage.jobDir], CLI_TIMEOUT_MS)
    assertRejected(result, new RegExp(`^error: cannot restore from '${storage.jobDir}': it is the checkpoint directory of a whole job; ` +
      `pick one of its checkpoints, e\\.g\\. ${join(storage.jobDir, 'chk-3')}, the newest that verifies \\(skipped checkpoint 5: ` +
      '.*is corrupt \\(checksum-mismatch\\).*\\[SLUICE_CHECKPOINT_INVALID_RESTORE_PATH\\]$'))
  })

  // a second Ctrl-C used to be ignored: the process waited for the cancellation, however long it took
  it('exits at once on a second Ctrl-C while the job is still cancelling', async () => {
    const cli = spawnCli(['run', `${JOBS}/stuck-map.job.ts`])
    try {
      const stderr = (): string => cli.output().stderr
      await pollUntil(() => `the map to get stuck; stderr: ${stderr()}`, () => (stderr().includes('the map function is stuck') || undefined), { timeoutMs: CLI_TIMEOUT_MS, intervalMs: 20 })
      cli.child.kill('SIGINT')
      await pollUntil(() => `the job to start cancelling; stderr: ${stderr()}`, () => (stderr().includes('Cancelling job... (press Ctrl-C again to exit at once)') || undefined), { timeoutMs: CLI_TIMEOUT_MS, intervalMs: 20 })
      cli.child.kill('SIGINT')
      const exited = await cli.exited
      const report = `exit code ${exited.exitCode}, signal ${exited.signal}\nstderr:\n${exited.stderr}`
      // ended by the signal itself, as a shell reports it: 130
      assert.equal(exited.signal, 'SIGINT', report)
      assert.match(exited.stderr, /\nExiting at once, without waiting for the job to finish cancelling\n$/, report)
      assert.doesNotMatch(exited.stderr, /canceled after/, report)
    } finally {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL')
    }
  })
})
