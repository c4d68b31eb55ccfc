import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { CorruptCheckpointError, InvalidRestorePathError } from '../../../../src/errors.js'
import { resolveRestorePath } from '../../../../src/state/checkpoint-storage/restore-path.js'
import { aCompletedCheckpoint, aMetadata, aStorage, corruptByte, truncateFile, useTempDir } from './checkpoint-storage-fixtures.js'

function invalidPath(reason: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof InvalidRestorePathError && reason.test(error.message) && error.domain === 'user'
}

describe('resolveRestorePath', () => {
  const tmp = useTempDir()

  it('accepts a chk-<n> directory, its _metadata file and its file:// URI', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const dir = await aCompletedCheckpoint(storage, 4)
    for (const given of [dir, join(dir, '_metadata'), pathToFileURL(dir).href, `${dir}/`]) {
      const resolved = await resolveRestorePath(given)
      assert.equal(resolved.checkpointDir, dir, given)
      assert.equal(resolved.metadata.checkpointId, 4)
    }
  })

  it('accepts a savepoint directory, even renamed', async () => {
    const storage = aStorage(tmp.path)
    const location = await storage.createSavepointLocation(8, join(tmp.path, 'savepoints'))
    await location.writeMetadata(aMetadata(8, [], { isSavepoint: true }))
    assert.equal((await resolveRestorePath(location.checkpointDir)).metadata.isSavepoint, true)
  })

  it('explains a path that does not exist, a file other than _metadata, and a directory without _metadata', async () => {
    await assert.rejects(resolveRestorePath(join(tmp.path, 'nope')), invalidPath(/does not exist/))
    writeFileSync(join(tmp.path, 'state.bin'), '')
    await assert.rejects(resolveRestorePath(join(tmp.path, 'state.bin')), invalidPath(/a file, but not a _metadata file/))
    mkdirSync(join(tmp.path, 'empty'))
    await assert.rejects(resolveRestorePath(join(tmp.path, 'empty')),
      invalidPath(/holds no _metadata file; give a checkpoint directory .*chk-<n>.*savepoint/))
  })

  it('explains a checkpoint that never completed', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(6)
    await assert.rejects(resolveRestorePath(location.checkpointDir), invalidPath(/checkpoint 6 never completed/))
  })

  it('points from a whole job directory to its newest checkpoint', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    for (const id of [2, 11]) await aCompletedCheckpoint(storage, id)
    await assert.rejects(resolveRestorePath(storage.jobDir), invalidPath(/of a whole job; pick one of its checkpoints, e\.g\. .*chk-11/))
  })

  it('points from a whole job directory to its newest checkpoint that verifies, saying why newer ones do not', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    for (const id of [2, 11, 12]) await aCompletedCheckpoint(storage, id)
    corruptByte(join(storage.jobDir, 'chk-12', 'keyed-0'), 0)
    truncateFile(join(storage.jobDir, 'chk-11', '_metadata'), 10)
    await assert.rejects(resolveRestorePath(storage.jobDir), invalidPath(new RegExp('of a whole job; pick one of its checkpoints, ' +
      'e\\.g\\. .*chk-2, the newest that verifies \\(skipped checkpoint 12: .*chk-12/keyed-0\' is corrupt \\(checksum-mismatch\\).*; ' +
      'skipped checkpoint 11: .*chk-11/_metadata\' is corrupt \\(truncated\\)')))
  })

  it('says when no checkpoint of a job directory verifies, or none completed', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await storage.createCheckpointLocation(3)
    await assert.rejects(resolveRestorePath(storage.jobDir),
      invalidPath(/of a whole job; none of its checkpoints completed \(no chk-<n> holds _metadata\), so there is nothing to restore here/))
    await aCompletedCheckpoint(storage, 4)
    corruptByte(join(storage.jobDir, 'chk-4', 'keyed-0'), -1)
    await assert.rejects(resolveRestorePath(storage.jobDir), invalidPath(new RegExp('of a whole job; none of its completed checkpoints ' +
      'verifies, so there is nothing to restore here: skipped checkpoint 4: .*chk-4/keyed-0\' is corrupt')))
  })

  it('rejects remote schemes and raises CorruptCheckpointError for a corrupt _metadata', async () => {
    await assert.rejects(resolveRestorePath('s3://bucket/chk-1'), invalidPath(/s3:\/\/ is not supported/))
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const dir = await aCompletedCheckpoint(storage, 1)
    corruptByte(join(dir, '_metadata'), 0)
    await assert.rejects(resolveRestorePath(dir), (error: unknown) =>
      error instanceof CorruptCheckpointError && error.corruption === 'bad-magic')
  })
})
