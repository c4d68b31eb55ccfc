import assert from 'node:assert/strict'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  EXTERNALIZED_CHECKPOINT_RETENTIONS, type ExternalizedCheckpointRetention,
} from '../../../../src/config/options/checkpointing-options.js'
import {
  CheckpointRetention, DISCARD_ON_JOB_TERMINATION, type TerminalJobStatus, checkpointsToSubsume,
} from '../../../../src/state/checkpoint-storage/checkpoint-retention.js'
import { aCompletedCheckpoint, aStorage, useTempDir } from './checkpoint-storage-fixtures.js'

describe('checkpointsToSubsume', () => {
  it('keeps the newest num-retained and subsumes the rest', () => {
    assert.deepEqual(checkpointsToSubsume([9, 7, 4, 1], 2), [4, 1])
    assert.deepEqual(checkpointsToSubsume([9], 3), [])
  })
})

describe('DISCARD_ON_JOB_TERMINATION', () => {
  it('follows Flink: FINISHED always discards, FAILED keeps unless none are externalized, CANCELED keeps only with RETAIN_ON_CANCELLATION', () => {
    const table = Object.fromEntries(EXTERNALIZED_CHECKPOINT_RETENTIONS.map((policy) => [policy,
      (['FINISHED', 'FAILED', 'CANCELED'] as const).filter((status) => !DISCARD_ON_JOB_TERMINATION[policy][status])]))
    assert.deepEqual(table, {
      NO_EXTERNALIZED_CHECKPOINTS: [],
      DELETE_ON_CANCELLATION: ['FAILED'],
      RETAIN_ON_CANCELLATION: ['FAILED', 'CANCELED'],
    })
  })
})

describe('CheckpointRetention', () => {
  const tmp = useTempDir()

  async function aJobWithCheckpoints(completed: readonly number[], inProgress: readonly number[] = []) {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    for (const id of completed) await aCompletedCheckpoint(storage, id)
    for (const id of inProgress) await storage.createCheckpointLocation(id)
    return storage
  }
  const checkpointDirs = (jobDir: string): string[] => readdirSync(jobDir).filter((name) => name.startsWith('chk-')).sort()
  const retention = (jobDir: string, externalizedRetention: ExternalizedCheckpointRetention, numRetained = 1) =>
    new CheckpointRetention({ jobDir, numRetained, externalizedRetention })

  it('subsumes completed checkpoints beyond num-retained, oldest first, and leaves in-progress ones alone', async () => {
    const storage = await aJobWithCheckpoints([1, 2, 3, 4], [5])
    assert.deepEqual(await retention(storage.jobDir, 'NO_EXTERNALIZED_CHECKPOINTS', 2).subsume(), [2, 1])
    assert.deepEqual(checkpointDirs(storage.jobDir), ['chk-3', 'chk-4', 'chk-5'])
  })

  it('discards the directory of an aborted checkpoint', async () => {
    const storage = await aJobWithCheckpoints([1], [2])
    await retention(storage.jobDir, 'NO_EXTERNALIZED_CHECKPOINTS').discardAbortedCheckpoint(2)
    assert.deepEqual(checkpointDirs(storage.jobDir), ['chk-1'])
  })

  it('deletes everything, and the emptied job directory, when a job without externalized checkpoints ends', async () => {
    for (const status of ['FINISHED', 'FAILED', 'CANCELED'] as const) {
      const storage = await aJobWithCheckpoints([1, 2], [3])
      const outcome = await retention(storage.jobDir, 'NO_EXTERNALIZED_CHECKPOINTS', 2).onJobTerminated(status)
      assert.deepEqual(outcome, { isRetained: false, retainedCheckpointDirs: [], discardedCheckpointIds: [2, 1] })
      assert.equal(existsSync(storage.jobDir), false, status)
    }
  })

  const retainedCases: ReadonlyArray<[ExternalizedCheckpointRetention, TerminalJobStatus]> = [
    ['DELETE_ON_CANCELLATION', 'FAILED'], ['RETAIN_ON_CANCELLATION', 'FAILED'], ['RETAIN_ON_CANCELLATION', 'CANCELED'],
  ]
  for (const [policy, status] of retainedCases) {
    it(`keeps the completed checkpoints with ${policy} when the job is ${status}, dropping incomplete ones`, async () => {
      const storage = await aJobWithCheckpoints([1, 2], [3])
      const outcome = await retention(storage.jobDir, policy, 2).onJobTerminated(status)
      assert.deepEqual(outcome, { isRetained: true, discardedCheckpointIds: [],
        retainedCheckpointDirs: [join(storage.jobDir, 'chk-2'), join(storage.jobDir, 'chk-1')] })
      assert.deepEqual(checkpointDirs(storage.jobDir), ['chk-1', 'chk-2'])
    })
  }

  it('deletes on cancellation with DELETE_ON_CANCELLATION and on finish with RETAIN_ON_CANCELLATION', async () => {
    for (const [policy, status] of [['DELETE_ON_CANCELLATION', 'CANCELED'], ['RETAIN_ON_CANCELLATION', 'FINISHED']] as const) {
      const storage = await aJobWithCheckpoints([1])
      assert.equal((await retention(storage.jobDir, policy).onJobTerminated(status)).isRetained, false)
      assert.equal(existsSync(storage.jobDir), false)
    }
  })

  it('keeps a job directory that holds anything besides checkpoints', async () => {
    const storage = await aJobWithCheckpoints([1])
    writeFileSync(join(storage.sharedStateDir, 'shared-sst-1'), '')
    await retention(storage.jobDir, 'NO_EXTERNALIZED_CHECKPOINTS').onJobTerminated('FINISHED')
    assert.deepEqual(readdirSync(storage.jobDir), ['shared'])
  })
})
