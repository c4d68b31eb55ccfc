import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ALIGNED_CHECKPOINT_TIMEOUT, ENABLE_UNALIGNED } from '../../src/config/options/checkpointing-options.js'
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
// starting aligned, with the slow work after the keyed task: the source's and the keyed task's barriers wait for
// credit and overtake their output queues 20 ms after the trigger (the keyed task's output state has inputs too)
const ALIGNED_WITH_TIMEOUT_BACKPRESSURED: CheckpointingVariant = {
  config: [...UNALIGNED_BACKPRESSURED.config, entry(ALIGNED_CHECKPOINT_TIMEOUT.key, '20ms')], busyMicros: 0, sinkBusyMicros: 2_200,
}
const KILLED: KilledRunInput = { keys: 10, perKey: 3_000, rate: 1_000 }

let statsRuns = 0

/** Runs the back-pressured sequences job to its end; returns its completed checkpoints, as the statistics show them. */
async function completedCheckpointsUnderBackpressure(dir: string, mode: 'aligned' | 'unaligned' | 'aligned-with-timeout'):
  Promise<{ checkpoints: CheckpointStatsEntry[]; keyedVertexId: string }> {
  const keys = 10
  const perKey = 8_000
  const out = join(dir, `stats-${mode}-${++statsRuns}-out`)
  const { jobMaster } = await submitJob({
    jobPath: SEQUENCES_JOB,
    configEntries: [
      ...checkpointedConfig('EXACTLY_ONCE'), entry(ENABLE_UNALIGNED.key, String(mode !== 'aligned')),
      ...(mode === 'aligned-with-timeout' ? [entry(ALIGNED_CHECKPOINT_TIMEOUT.key, '50ms')] : []),
    ],
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

// the budget of the whole file, which took 4.5 minutes on one core and 6.5 next to two busy loops, with other work
describe('unaligned checkpoints', { timeout: 900_000 }, () => {
  let dir: string
  let straightRows: SequenceRow[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-unaligned-'))
    straightRows = await straightRun(dir, KILLED.keys, KILLED.perKey)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('overtake the in-flight data of a back-pressured job and persist it, where aligned ones wait behind it', async (t) => {
    const aligned = await completedCheckpointsUnderBackpressure(dir, 'aligned')
    const unaligned = await completedCheckpointsUnderBackpressure(dir, 'unaligned')
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

  it('with aligned-checkpoint-timeout, start aligned and overtake the in-flight data once the timeout passed', async (t) => {
    const aligned = await completedCheckpointsUnderBackpressure(dir, 'aligned')
    const withTimeout = await completedCheckpointsUnderBackpressure(dir, 'aligned-with-timeout')
    const startDelayOf = (run: typeof aligned) => median(run.checkpoints.map((c) => c.perVertex[run.keyedVertexId]!.summary.startDelayMs.max))
    t.diagnostic(`keyed vertex, median start delay: aligned ${startDelayOf(aligned).toFixed(1)} ms, with a 50 ms timeout ` +
      `${startDelayOf(withTimeout).toFixed(1)} ms; persisted ${withTimeout.checkpoints.map((c) => c.persistedDataBytes).join(', ')} bytes`)
    assert.ok(withTimeout.checkpoints.some((c) => c.isUnaligned && c.persistedDataBytes > 0), 'some checkpoints turned unaligned')
    // the barrier waits for the timeout (50 ms) then overtakes, instead of waiting for the whole queue
    assert.ok(startDelayOf(withTimeout) * 3 < startDelayOf(aligned), `start delays: ${startDelayOf(withTimeout)} vs ${startDelayOf(aligned)} ms`)
  })

  it('commit every sequence once when workers are killed 50+ times under backpressure', async (t) => {
    const run = await runWithWorkerKills(t, join(dir, 'killed-out'), 'EXACTLY_ONCE', KILLED, { variant: UNALIGNED_BACKPRESSURED })
    assertExactlyOnceUnderKills(run, KILLED, straightRows)
    const stats = run.jobMaster.checkpointStats!.snapshot()
    assert.ok(stats.summary.persistedDataBytes.max > 0, 'no checkpoint persisted in-flight data: the job was not back-pressured')
    t.diagnostic(`persisted in-flight data per checkpoint: max ${stats.summary.persistedDataBytes.max} bytes, ` +
      `avg ${Math.round(stats.summary.persistedDataBytes.avg)}`)
  })

  it('resume from retained checkpoints that turned unaligned at the timeout after the whole process is SIGKILLed, again and again', async (t) => {
    const resumedFrom = await resumeAfterRepeatedSigkills(t, join(dir, 'sigkill'), ALIGNED_WITH_TIMEOUT_BACKPRESSURED)
    const withInFlightData = resumedFrom.filter((path) => readdirSync(path).some((file) => file.endsWith('.channel')))
    assert.ok(withInFlightData.length > 0, `no resumed checkpoint held in-flight data: ${resumedFrom.join(', ')}`)
  })
})
