import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { CheckpointStatsEntry } from '../../src/coordinator/checkpoint/checkpoint-stats-snapshot.js'
import type { JobMaster } from '../../src/coordinator/job/job-master.js'
import { submitJob } from '../../src/job/submit-job.js'
import { findLatestRestorableCheckpoint, listCompletedCheckpoints } from '../../src/state/checkpoint-storage/checkpoint-discovery.js'
import { readMetadata } from '../../src/state/checkpoint-storage/checkpoint-reader.js'
import { runCli } from '../support/run-cli.js'
import { checkExactlyOnce, readCommittedSequences } from '../support/sequence-output.js'
import { pollUntil } from '../support/poll-until.js'

const JOB = fileURLToPath(new URL('./jobs/checkpoint-padded-sums.job.ts', import.meta.url))

const tempDirs: string[] = []
after(() => { for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true }) })

function aTempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sluice-${name}-`))
  tempDirs.push(dir)
  return dir
}

/** Config entries from a plain object, as `-D key=value` would give them. */
function configOf(entries: Record<string, string | number>): { key: string; value: string; origin: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value: String(value), origin: 'checkpoint-knobs.test' }))
}

/** Job args of checkpoint-padded-sums.job.ts. */
function jobArgs(args: { keys: number; perKey: number; rate?: number; padBytes?: number; out?: string }): string[] {
  return [
    '--keys', String(args.keys), '--per-key', String(args.perKey),
    ...(args.rate === undefined ? [] : ['--rate', String(args.rate)]),
    ...(args.padBytes === undefined ? [] : ['--pad-bytes', String(args.padBytes)]),
    ...(args.out === undefined ? [] : ['--out', args.out]),
  ]
}

function completedCheckpoints(jobMaster: JobMaster): CheckpointStatsEntry[] {
  return (jobMaster.checkpointStats?.snapshot().history ?? []).filter((entry) => entry.status === 'COMPLETED')
}

/** Resolves once at least `count` checkpoints completed; fails early if the job leaves RUNNING. */
function waitForCompletedCheckpoints(jobMaster: JobMaster, count: number, timeoutMs = 30_000): Promise<CheckpointStatsEntry[]> {
  return pollUntil(`${count} completed checkpoint(s)`, () => {
    assert.ok(jobMaster.status === 'CREATED' || jobMaster.status === 'RUNNING' || jobMaster.status === 'RESTARTING',
      `job is ${jobMaster.status}: ${jobMaster.failure?.message}`)
    const completed = completedCheckpoints(jobMaster)
    return completed.length >= count ? completed : undefined
  }, { timeoutMs, intervalMs: 20 })
}

/** The job's result, or a failure describing where it stands if it does not end within timeoutMs. */
async function resultWithin(jobMaster: JobMaster, timeoutMs: number): Promise<Awaited<ReturnType<JobMaster['result']>>> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const stats = jobMaster.checkpointStats?.snapshot()
      reject(new Error(`job did not end within ${timeoutMs} ms: ${jobMaster.status}, ${jobMaster.numRestarts} restart(s), ` +
        `failure ${jobMaster.failure?.message}, checkpoints ${JSON.stringify(stats?.counts)}, restored ${JSON.stringify(stats?.latest.restored)}, ` +
        `metrics ${JSON.stringify(jobMaster.metrics().map((m) => [m.vertexId, m.subtaskIndex, m.numRecordsIn, m.numRecordsOut]))}`))
    }, timeoutMs)
  })
  try {
    return await Promise.race([jobMaster.result(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function checkpointDirNames(jobDir: string): string[] {
  return existsSync(jobDir) ? readdirSync(jobDir).filter((name) => /^chk-\d+$/.test(name)) : []
}

function sizeOnDiskBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

/** The path of one keyed state file of a checkpoint directory. */
function aKeyedStateFile(checkpointDir: string): string {
  const name = readdirSync(checkpointDir).find((file) => file.endsWith('.keyed'))
  assert.ok(name, `no keyed state file in ${checkpointDir}: ${readdirSync(checkpointDir).join(', ')}`)
  return join(checkpointDir, name)
}

function flipOneByte(path: string): void {
  const bytes = readFileSync(path)
  const index = Math.floor(bytes.length / 2)
  bytes[index] = bytes[index]! ^ 0xff
  writeFileSync(path, bytes)
}

/** Captures what the job master writes to stderr (the fallback warnings) while `run` runs. */
async function capturingStderr<T>(run: (lines: string[]) => Promise<T>): Promise<T> {
  const lines: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(String(chunk))
    return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write
  try {
    return await run(lines)
  } finally {
    process.stderr.write = write
  }
}

describe('checkpoint knobs', { timeout: 240_000 }, () => {
  it('leaves at least execution.checkpointing.min-pause between a completion and the next trigger, however slow the snapshots', async () => {
    const minPauseMs = 300
    const checkpointsDir = aTempDir('min-pause')
    const { jobMaster } = await submitJob({
      jobPath: JOB,
      configEntries: configOf({
        'parallelism.default': 2,
        'execution.checkpointing.interval': '50ms',
        'execution.checkpointing.min-pause': `${minPauseMs}ms`,
        'execution.checkpointing.dir': checkpointsDir,
      }),
      // 2000 keys × 4 KB: every snapshot serializes ~8 MB of keyed state, slower than the 50 ms interval
      jobArgs: jobArgs({ keys: 2000, perKey: 1_000_000, rate: 20_000, padBytes: 4096 }),
    })
    try {
      await waitForCompletedCheckpoints(jobMaster, 5, 60_000)
      const history = [...jobMaster.checkpointStats!.snapshot().history].sort((a, b) => a.checkpointId - b.checkpointId)
      assert.ok(history.some((entry) => (entry.endToEndDurationMs ?? 0) > 0), 'no checkpoint took any time')
      let pairs = 0
      for (let i = 1; i < history.length; i++) {
        const previous = history[i - 1]!
        const next = history[i]!
        if (previous.status !== 'COMPLETED') continue
        // the coordinator's own clock values; completion (metadata written) is never before the latest ack
        const completedAtMs = Math.max(previous.completionTimestampMs ?? 0, previous.triggerTimestampMs + previous.endToEndDurationMs!)
        const pauseMs = next.triggerTimestampMs - completedAtMs
        assert.ok(pauseMs >= minPauseMs,
          `checkpoint ${next.checkpointId} was triggered ${pauseMs} ms after checkpoint ${previous.checkpointId} completed (min pause ${minPauseMs} ms)`)
        pairs++
      }
      assert.ok(pairs >= 4, `only ${pairs} pairs of consecutive checkpoints to compare`)
    } finally {
      await jobMaster.cancel()
    }
  })

  it('writes smaller state files with snapshot-compression and restores from them after a failure, state unchanged', async () => {
    const stateSizes = new Map<boolean, { statsBytes: number; diskBytes: number }>()
    for (const isCompressed of [false, true]) {
      const checkpointsDir = aTempDir(`compression-${isCompressed}`)
      const out = aTempDir(`compression-out-${isCompressed}`)
      const keys = 100
      const perKey = 150
      const { jobMaster } = await submitJob({
        jobPath: JOB,
        configEntries: configOf({
          'parallelism.default': 2,
          'execution.checkpointing.interval': '100ms',
          'execution.checkpointing.dir': checkpointsDir,
          'execution.checkpointing.snapshot-compression': String(isCompressed),
          // keeps the measured chk dir on disk while the job goes on
          'execution.checkpointing.num-retained': 10,
          'restart-strategy.type': 'fixed-delay',
          'restart-strategy.fixed-delay.attempts': 2,
          'restart-strategy.fixed-delay.delay': '100ms',
        }),
        jobArgs: jobArgs({ keys, perKey, rate: 2500, padBytes: 4096, out }),
      })
      try {
        const jobDir = join(checkpointsDir, jobMaster.jobId)
        // every key has its state once a full round of keys was processed: compare checkpoints taken after that
        const completed = await pollUntil('a checkpoint covering every key', () => {
          const newest = completedCheckpoints(jobMaster)[0]
          return newest !== undefined && newest.stateSizeBytes > 0 && newest.checkpointId >= 3 ? newest : undefined
        }, { timeoutMs: 30_000, intervalMs: 20 })
        const checkpointDir = completed.externalPath!
        assert.equal(checkpointDir, join(jobDir, `chk-${completed.checkpointId}`))
        const metadata = await readMetadata(checkpointDir)
        assert.equal(metadata.isCompressed, isCompressed)
        const stateFiles = metadata.operators.flatMap((operator) => operator.subtasks.flatMap((subtask) => subtask.stateFiles))
        assert.ok(stateFiles.length >= 2, `${stateFiles.length} state files`)
        for (const file of stateFiles) assert.equal(file.isCompressed, isCompressed, file.fileName)
        stateSizes.set(isCompressed, { statsBytes: completed.stateSizeBytes, diskBytes: sizeOnDiskBytes(checkpointDir) })

        if (isCompressed) {
          const restoredBefore = completed.checkpointId
          await jobMaster.workerThreads()[0]!.terminate()
          const restored = await pollUntil('the restore', () => jobMaster.checkpointStats!.snapshot().latest.restored, { timeoutMs: 30_000, intervalMs: 20 })
          assert.ok(restored.checkpointId >= restoredBefore, `restored checkpoint ${restored.checkpointId}, older than ${restoredBefore}`)
        }
        const result = await resultWithin(jobMaster, 60_000)
        assert.equal(result.status, 'FINISHED', `job ended ${result.status}: ${result.failure?.message}`)
        assert.equal(jobMaster.numRestarts, isCompressed ? 1 : 0)
        assert.deepEqual(checkExactlyOnce(readCommittedSequences(out), keys, perKey), [])
      } finally {
        await jobMaster.cancel()
      }
    }
    const plain = stateSizes.get(false)!
    const snappy = stateSizes.get(true)!
    assert.ok(snappy.statsBytes * 3 < plain.statsBytes, `state size ${snappy.statsBytes} B with snappy vs ${plain.statsBytes} B without`)
    assert.ok(snappy.diskBytes * 3 < plain.diskBytes, `chk dir ${snappy.diskBytes} B with snappy vs ${plain.diskBytes} B without`)
  })
  it('falls back to the previous retained checkpoint when a state file of the newest is corrupt', async () => {
    const checkpointsDir = aTempDir('corruption')
    const config = {
      'parallelism.default': 2,
      'execution.checkpointing.interval': '100ms',
      'execution.checkpointing.dir': checkpointsDir,
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'execution.checkpointing.num-retained': 3,
    }
    const args = jobArgs({ keys: 20, perKey: 1_000_000, rate: 1000, padBytes: 256 })
    const { jobMaster } = await submitJob({ jobPath: JOB, configEntries: configOf(config), jobArgs: args })
    let jobDir: string
    try {
      jobDir = join(checkpointsDir, jobMaster.jobId)
      await waitForCompletedCheckpoints(jobMaster, 3)
    } finally {
      await jobMaster.cancel()
    }
    const retained = await listCompletedCheckpoints(jobDir)
    assert.ok(retained.length >= 2, `${retained.length} checkpoint(s) retained`)
    const [newest, previous] = retained as [typeof retained[number], typeof retained[number]]
    const corruptFile = aKeyedStateFile(newest.checkpointDir)
    flipOneByte(corruptFile)

    // (a) discovery skips the corrupt checkpoint and names the file
    const search = await findLatestRestorableCheckpoint(jobDir)
    assert.equal(search.checkpoint?.checkpointId, previous.checkpointId)
    assert.equal(search.warnings.length, 1)
    assert.match(search.warnings[0]!, new RegExp(`checkpoint ${newest.checkpointId}\\b`))
    assert.ok(search.warnings[0]!.includes(corruptFile), search.warnings[0])
    assert.match(search.warnings[0]!, /checksum-mismatch/)

  })

  it('ends `sluice run -s` on a checkpoint with a corrupt state file with an error naming the file', async () => {
    const checkpointsDir = aTempDir('corruption-cli')
    const config = {
      'parallelism.default': 2,
      'execution.checkpointing.interval': '100ms',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'execution.checkpointing.num-retained': 3,
    }
    const args = jobArgs({ keys: 20, perKey: 1_000_000, rate: 1000, padBytes: 256 })
    const { jobMaster } = await submitJob({ jobPath: JOB, configEntries: configOf({ ...config, 'execution.checkpointing.dir': checkpointsDir }), jobArgs: args })
    try {
      await waitForCompletedCheckpoints(jobMaster, 2)
    } finally {
      await jobMaster.cancel()
    }
    const [newest] = await listCompletedCheckpoints(join(checkpointsDir, jobMaster.jobId))
    assert.ok(newest)
    const corruptFile = aKeyedStateFile(newest.checkpointDir)
    flipOneByte(corruptFile)
    // one restart allowed: the run must end (not retry the damaged state forever) and say which file is damaged
    const restartOnce = { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 1, 'restart-strategy.fixed-delay.delay': '100ms' }
    const cli = await runCli([
      'run', JOB, ...Object.entries({ ...config, ...restartOnce }).flatMap(([key, value]) => ['-D', `${key}=${value}`]),
      '-s', newest.checkpointDir, '--', ...args,
    ], 30_000)
    assert.notEqual(cli.exitCode, 0, cli.stderr)
    assert.ok(cli.stderr.includes(corruptFile), cli.stderr)
    assert.match(cli.stderr, /SLUICE_CHECKPOINT_CORRUPT/)
  })

  it('restores from the checkpoint before the newest when the newest is corrupted while the job runs', async () => {
    const checkpointsDir = aTempDir('corruption-running')
    const { jobMaster } = await submitJob({
      jobPath: JOB,
      configEntries: configOf({
        'parallelism.default': 2,
        'execution.checkpointing.interval': '100ms',
        // after each completion no checkpoint is triggered for 3 s: time to corrupt the newest and fail the job
        'execution.checkpointing.min-pause': '3s',
        'execution.checkpointing.dir': checkpointsDir,
        'execution.checkpointing.num-retained': 3,
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': 1,
        'restart-strategy.fixed-delay.delay': '100ms',
      }),
      jobArgs: jobArgs({ keys: 20, perKey: 1_000_000, rate: 1000, padBytes: 256 }),
    })
    try {
      const jobDir = join(checkpointsDir, jobMaster.jobId)
      const [newest, previous] = (await waitForCompletedCheckpoints(jobMaster, 2)) as [CheckpointStatsEntry, CheckpointStatsEntry]
      assert.equal(previous.checkpointId, newest.checkpointId - 1)
      const corruptFile = aKeyedStateFile(join(jobDir, `chk-${newest.checkpointId}`))
      const stderr = await capturingStderr(async (lines) => {
        flipOneByte(corruptFile)
        const killedAtMs = Date.now()
        assert.ok(killedAtMs - newest.completionTimestampMs! < 3000, 'the min pause ran out before the failure was injected')
        await jobMaster.workerThreads()[0]!.terminate()
        await pollUntil('the job to run again', () => (jobMaster.numRestarts === 1 && jobMaster.status === 'RUNNING' ? true : undefined), { timeoutMs: 30_000, intervalMs: 20 })
        return lines.join('')
      })
      const stats = jobMaster.checkpointStats!.snapshot()
      assert.equal(stats.latest.restored?.checkpointId, previous.checkpointId, stderr)
      assert.ok(stats.history.every((entry) => entry.checkpointId <= newest.checkpointId || entry.triggerTimestampMs > stats.latest.restored!.restoreTimestampMs),
        'a checkpoint newer than the corrupted one was triggered before the failure')
      assert.match(stderr, new RegExp(`skipped checkpoint ${newest.checkpointId}\\b.*${corruptFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
      // and it keeps checkpointing from there, with ids after the corrupt one
      const next = await pollUntil('a checkpoint after the restore', () =>
        completedCheckpoints(jobMaster).find((entry) => entry.checkpointId > newest.checkpointId), { timeoutMs: 30_000, intervalMs: 20 })
      assert.ok(next.checkpointId > newest.checkpointId)
    } finally {
      await jobMaster.cancel()
    }
  })

  it('keeps the newest num-retained checkpoints while running and deletes all of them when the job finishes', async () => {
    const checkpointsDir = aTempDir('retention-finished')
    const { jobMaster } = await submitJob({
      jobPath: JOB,
      configEntries: configOf({
        'parallelism.default': 2,
        'execution.checkpointing.interval': '100ms',
        'execution.checkpointing.dir': checkpointsDir,
        'execution.checkpointing.num-retained': 2,
        // FINISHED deletes even retained checkpoints
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      }),
      jobArgs: jobArgs({ keys: 20, perKey: 300, rate: 1000, padBytes: 256 }),
    })
    try {
      const jobDir = join(checkpointsDir, jobMaster.jobId)
      await waitForCompletedCheckpoints(jobMaster, 5)
      // subsumption runs right after a completion: wait until the directory caught up with the statistics
      const kept = await pollUntil('the newest 2 completed checkpoints, and only those, on disk', async () => {
        const newestTwo = completedCheckpoints(jobMaster).slice(0, 2).map((entry) => entry.checkpointId)
        const onDisk = (await listCompletedCheckpoints(jobDir)).map((pointer) => pointer.checkpointId)
        return JSON.stringify(onDisk) === JSON.stringify(newestTwo) ? onDisk : undefined
      }, { timeoutMs: 10_000, intervalMs: 5 })
      assert.ok(kept[1]! >= 4, `kept ${kept.join(', ')}`)
      for (const name of checkpointDirNames(jobDir)) {
        const id = Number(name.slice('chk-'.length))
        assert.ok(id >= kept[1]!, `${name} is still there although ${kept.join(' and ')} are the newest`)
      }
      const result = await resultWithin(jobMaster, 60_000)
      assert.equal(result.status, 'FINISHED', result.failure?.message)
      assert.equal(existsSync(jobDir), false, `${jobDir} still holds ${existsSync(jobDir) ? readdirSync(jobDir).join(', ') : ''}`)
    } finally {
      await jobMaster.cancel()
    }
  })

  it('keeps the completed checkpoints on cancel with RETAIN_ON_CANCELLATION and leaves no incomplete one behind', async () => {
    const checkpointsDir = aTempDir('retention-canceled')
    const { jobMaster } = await submitJob({
      jobPath: JOB,
      configEntries: configOf({
        'parallelism.default': 2,
        'execution.checkpointing.interval': '50ms',
        'execution.checkpointing.dir': checkpointsDir,
        'execution.checkpointing.num-retained': 2,
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      }),
      // ~8 MB of keyed state: a checkpoint is in progress most of the time, so cancel hits one
      jobArgs: jobArgs({ keys: 2000, perKey: 1_000_000, rate: 20_000, padBytes: 4096 }),
    })
    const jobDir = join(checkpointsDir, jobMaster.jobId)
    try {
      await waitForCompletedCheckpoints(jobMaster, 3)
      await pollUntil('a checkpoint in progress', () => (jobMaster.checkpointStats!.snapshot().counts.inProgress > 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 1 })
    } finally {
      await jobMaster.cancel()
    }
    const stats = jobMaster.checkpointStats!.snapshot()
    const newestTwo = completedCheckpoints(jobMaster).slice(0, 2).map((entry) => entry.checkpointId)
    const onDisk = await listCompletedCheckpoints(jobDir)
    assert.deepEqual(onDisk.map((pointer) => pointer.checkpointId), newestTwo)
    for (const name of checkpointDirNames(jobDir)) {
      assert.ok(existsSync(join(jobDir, name, '_metadata')), `${name} has no _metadata but was left behind: ${readdirSync(join(jobDir, name)).join(', ')}`)
    }
    assert.ok(stats.history.some((entry) => entry.status === 'FAILED' && entry.failureReason === 'CHECKPOINT_COORDINATOR_SHUTDOWN'),
      'no checkpoint was in progress when the job was cancelled')
    const search = await findLatestRestorableCheckpoint(jobDir)
    assert.equal(search.checkpoint?.checkpointId, newestTwo[0])
    assert.deepEqual(search.warnings, [])
  })
})
