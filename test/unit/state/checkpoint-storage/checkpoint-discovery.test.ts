import assert from 'node:assert/strict'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CheckpointStorageIoError } from '../../../../src/errors.js'
import {
  findLatestRestorableCheckpoint, listCompletedCheckpoints,
} from '../../../../src/state/checkpoint-storage/checkpoint-discovery.js'
import { aCompletedCheckpoint, aMetadata, aStorage, corruptByte, truncateFile, useTempDir } from './checkpoint-storage-fixtures.js'

describe('listCompletedCheckpoints', () => {
  const tmp = useTempDir()

  it('lists chk-<n> directories with _metadata, newest first by id (not by name)', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    for (const id of [2, 10, 9]) await aCompletedCheckpoint(storage, id)
    assert.deepEqual((await listCompletedCheckpoints(storage.jobDir)).map((c) => c.checkpointId), [10, 9, 2])
    assert.equal((await listCompletedCheckpoints(storage.jobDir))[0]!.checkpointDir, join(storage.jobDir, 'chk-10'))
  })

  it('does not list a checkpoint whose state files are written but whose _metadata is not', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await aCompletedCheckpoint(storage, 1)
    const inProgress = await storage.createCheckpointLocation(2)
    await inProgress.writeStateFile('op-0', new Uint8Array([1, 2, 3]))
    assert.deepEqual((await listCompletedCheckpoints(storage.jobDir)).map((c) => c.checkpointId), [1])
  })

  it('does not list a checkpoint that crashed before the rename (only the temporary metadata file exists)', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await aCompletedCheckpoint(storage, 1)
    const crashed = await storage.createCheckpointLocation(2)
    writeFileSync(join(crashed.checkpointDir, '._metadata.0000000000000000.inprogress'), 'SLUICECP half written')
    assert.deepEqual((await listCompletedCheckpoints(storage.jobDir)).map((c) => c.checkpointId), [1])
  })

  it('ignores other entries (shared/, taskowned/, stray files) and an absent job directory', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    mkdirSync(join(storage.jobDir, 'chk-x'))
    mkdirSync(join(storage.jobDir, 'chk-007'))
    writeFileSync(join(storage.jobDir, 'notes.txt'), '')
    assert.deepEqual(await listCompletedCheckpoints(storage.jobDir), [])
    assert.deepEqual(await listCompletedCheckpoints(join(tmp.path, 'no-such-job')), [])
  })

  it('reports a job directory that cannot be listed', async () => {
    writeFileSync(join(tmp.path, 'a-file'), '')
    await assert.rejects(listCompletedCheckpoints(join(tmp.path, 'a-file')), CheckpointStorageIoError)
  })
})

describe('findLatestRestorableCheckpoint', () => {
  const tmp = useTempDir()

  it('chooses the newest checkpoint when everything verifies, without warnings', async () => {
    const storage = aStorage(tmp.path, { isCompressionEnabled: true })
    await storage.initialize()
    for (const id of [1, 2, 3]) await aCompletedCheckpoint(storage, id)
    const search = await findLatestRestorableCheckpoint(storage.jobDir)
    assert.equal(search.checkpoint?.checkpointId, 3)
    assert.equal(search.checkpoint?.metadata.checkpointId, 3)
    assert.deepEqual(search.warnings, [])
  })

  it('falls back to the previous checkpoint when a state file of the newest is corrupt, naming the file', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await aCompletedCheckpoint(storage, 1)
    const newest = await aCompletedCheckpoint(storage, 2, { 'op-0-keyed': 'fine', 'op-1-keyed': 'to be damaged' })
    corruptByte(join(newest, 'op-1-keyed'), 0)
    const search = await findLatestRestorableCheckpoint(storage.jobDir)
    assert.equal(search.checkpoint?.checkpointId, 1)
    assert.equal(search.warnings.length, 1)
    assert.match(search.warnings[0]!, /^skipped checkpoint 2: .*'.*chk-2\/op-1-keyed' is corrupt \(checksum-mismatch\)/)
    assert.ok(!search.warnings[0]!.includes('\n'), 'a warning is one line')
  })

  it('skips several broken checkpoints (truncated metadata, missing file) and reports each', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    for (const id of [1, 2, 3]) await aCompletedCheckpoint(storage, id)
    truncateFile(join(storage.jobDir, 'chk-3', '_metadata'), 30)
    rmSync(join(storage.jobDir, 'chk-2', 'keyed-0'))
    const search = await findLatestRestorableCheckpoint(storage.jobDir)
    assert.equal(search.checkpoint?.checkpointId, 1)
    assert.equal(search.warnings.length, 2)
    assert.match(search.warnings[0]!, /checkpoint 3: .*chk-3\/_metadata' is corrupt \(truncated\)/)
    assert.match(search.warnings[1]!, /checkpoint 2: .*chk-2\/keyed-0' is missing/)
  })

  it('finds nothing when no checkpoint verifies, and says why', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await aCompletedCheckpoint(storage, 1)
    corruptByte(join(storage.jobDir, 'chk-1', '_metadata'), -1)
    const search = await findLatestRestorableCheckpoint(storage.jobDir)
    assert.equal(search.checkpoint, undefined)
    assert.match(search.warnings[0]!, /checksum-mismatch/)
  })

  it('verifies every subtask of every operator', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await aCompletedCheckpoint(storage, 1)
    const location = await storage.createCheckpointLocation(2)
    const a = await location.writeStateFile('a', new Uint8Array([1]))
    const b = await location.writeStateFile('b', new Uint8Array([2]))
    const base = aMetadata(2, [a])
    await location.writeMetadata({ ...base, operators: [...base.operators,
      { operatorId: 'f'.repeat(32), parallelism: 2, maxParallelism: 128, subtasks: [
        { subtaskIndex: 0, stateFiles: [], backendState: {} }, { subtaskIndex: 1, stateFiles: [b], backendState: {} }] }] })
    corruptByte(join(location.checkpointDir, 'b'), 0)
    const search = await findLatestRestorableCheckpoint(storage.jobDir)
    assert.equal(search.checkpoint?.checkpointId, 1)
    assert.match(search.warnings[0]!, /chk-2\/b'/)
  })
})
