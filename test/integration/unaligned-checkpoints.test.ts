import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ENABLE_UNALIGNED } from '../../src/config/options/checkpointing-options.js'
import type { CheckpointStatsEntry } from '../../src/coordinator/checkpoint/checkpoint-stats-snapshot.js'
import { submitJob } from '../../src/job/submit-job.js'
import {
  SEQUENCES_JOB, assertExactlyOnceUnderKills, checkpointedConfig, entry, resumeAfterRepeatedSigkills, runWithWorkerKills,
  sequenceArgs, straightRun, type CheckpointingVariant, type KilledRunInput,
} from '../support/exactly-once-scenarios.js'
import { checkExactlyOnce, readCommittedSequences, type SequenceRow } from '../support/sequence-output.js'

// 2.2 ms of work per element: the two keyed subtasks take about 900 of the source's 1000 elements/s, so the
// network buffers between them fill up and stay full (the source is back-pressured)
const UNALIGNED_BACKPRESSURED: CheckpointingVariant = { config: [entry(ENABLE_UNALIGNED.key, 'true')], busyMicros: 2_200 }
const KILLED: KilledRunInput = { keys: 10, perKey: 3_000, rate: 1_000 }

/** Runs the back-pressured sequences job to its end; returns its completed checkpoints, as the statistics show them. */
async function completedCheckpointsUnderBackpressure(dir: string, unaligned: boolean): Promise<{ checkpoints: CheckpointStatsEntry[]; keyedVertexId: string }> {
  const keys = 10
  const perKey = 8_000
  const out = join(dir, `stats-${unaligned ? 'unaligned' : 'aligned'}-out`)
  const { jobMaster } = await submitJob({
    jobPath: SEQUENCES_JOB,
    configEntries: [...checkpointedConfig('EXACTLY_ONCE'), entry(ENABLE_UNALIGNED.key, String(unaligned))],
    // the source offers 40,000 elements/s, the keyed operator takes about 15,000 (0.1 ms each, two subtasks)
    jobArgs: sequenceArgs(keys, perKey, 40_000, out, 100),
  })
  const result = await jobMaster.result()
  assert.equal(result.status, 'FINISHED', result.failure?.message)
  assert.deepEqual(checkExactlyOnce(readCommittedSequences(out), keys, perKey), [])
  const checkpoints = jobMaster.checkpointStats!.snapshot().history.filter((c) => c.status === 'COMPLETED')
  assert.ok(checkpoints.length >= 2, `only ${checkpoints.length} checkpoint(s) completed`)
  return { checkpoints, keyedVertexId: jobMaster.jobGraph.vertices.find((v) => !v.isSource)!.id }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

describe('unaligned checkpoints', { timeout: 240_000 }, () => {
  let dir: string
  let straightRows: SequenceRow[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-unaligned-'))
    straightRows = await straightRun(dir, KILLED.keys, KILLED.perKey)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('overtake the in-flight data of a back-pressured job and persist it, where aligned ones wait behind it', async (t) => {
    const aligned = await completedCheckpointsUnderBackpressure(dir, false)
    const unaligned = await completedCheckpointsUnderBackpressure(dir, true)
    const keyedOf = (run: typeof aligned) => run.checkpoints.map((c) => c.perVertex[run.keyedVertexId]!)
    const alignedWait = median(keyedOf(aligned).map((v) => v.summary.startDelayMs.max + v.summary.alignmentDurationMs.max))
    const unalignedWait = median(keyedOf(unaligned).map((v) => v.summary.startDelayMs.max + v.summary.alignmentDurationMs.max))
    t.diagnostic(`keyed vertex, median of (start delay + alignment): aligned ${alignedWait.toFixed(1)} ms over ${aligned.checkpoints.length} ` +
      `checkpoints, unaligned ${unalignedWait.toFixed(1)} ms over ${unaligned.checkpoints.length}; unaligned persisted ` +
      `${unaligned.checkpoints.map((c) => c.persistedDataBytes).join(', ')} bytes`)

    assert.ok(aligned.checkpoints.every((c) => !c.isUnaligned && c.persistedDataBytes === 0), 'aligned checkpoints persist no in-flight data')
    assert.ok(unaligned.checkpoints.every((c) => c.isUnaligned), 'every checkpoint of the unaligned run is unaligned')
    assert.ok(keyedOf(unaligned).every((v) => v.summary.alignmentDurationMs.max < 5), 'unaligned checkpoints do not align')
    assert.ok(unaligned.checkpoints.some((c) => c.persistedDataBytes > 0), 'in-flight data was persisted')
    assert.ok(unalignedWait * 5 < alignedWait, `barriers waited ${unalignedWait} ms unaligned, ${alignedWait} ms aligned`)
  })

  it('commit every sequence once when workers are killed 50+ times under backpressure', async (t) => {
    const run = await runWithWorkerKills(t, join(dir, 'killed-out'), 'EXACTLY_ONCE', KILLED, { variant: UNALIGNED_BACKPRESSURED })
    assertExactlyOnceUnderKills(run, KILLED, straightRows)
    const stats = run.jobMaster.checkpointStats!.snapshot()
    assert.ok(stats.summary.persistedDataBytes.max > 0, 'no checkpoint persisted in-flight data: the job was not back-pressured')
    t.diagnostic(`persisted in-flight data per checkpoint: max ${stats.summary.persistedDataBytes.max} bytes, ` +
      `avg ${Math.round(stats.summary.persistedDataBytes.avg)}`)
  })

  it('resume from retained unaligned checkpoints after the whole process is SIGKILLed, again and again', async (t) => {
    await resumeAfterRepeatedSigkills(t, join(dir, 'sigkill'), UNALIGNED_BACKPRESSURED)
  })
})
