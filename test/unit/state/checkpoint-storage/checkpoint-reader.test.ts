import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CorruptCheckpointError, type CheckpointCorruption } from '../../../../src/errors.js'
import {
  readMetadata, readStateFile, verifyCheckpoint,
} from '../../../../src/state/checkpoint-storage/checkpoint-reader.js'
import { aCompletedCheckpoint, aStorage, corruptByte, truncateFile, useTempDir } from './checkpoint-storage-fixtures.js'

async function assertCorrupt(promise: Promise<unknown>, path: string, corruption: CheckpointCorruption): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CorruptCheckpointError, String(error))
    assert.equal(error.corruption, corruption)
    assert.equal(error.path, path)
    assert.ok(error.message.includes(`'${path}'`), 'the message names the exact file')
    assert.equal(error.domain, 'external')
    return true
  })
}

describe('reading a checkpoint', () => {
  const tmp = useTempDir()

  for (const isCompressionEnabled of [false, true]) {
    describe(isCompressionEnabled ? 'with snapshot compression' : 'without compression', () => {
      it('raises CorruptCheckpointError naming the state file when one byte of it is corrupted', async () => {
        const storage = aStorage(tmp.path, { isCompressionEnabled })
        await storage.initialize()
        const dir = await aCompletedCheckpoint(storage, 1, { 'op-0-keyed': 'the state of subtask zero, '.repeat(20) })
        const { operators } = await readMetadata(dir)
        const handle = operators[0]!.subtasks[0]!.stateFiles[0]!
        corruptByte(join(dir, 'op-0-keyed'), 10)
        await assertCorrupt(readStateFile(dir, handle), join(dir, 'op-0-keyed'), 'checksum-mismatch')
        await assertCorrupt(verifyCheckpoint(dir), join(dir, 'op-0-keyed'), 'checksum-mismatch')
      })
    })
  }

  it('tells a truncated state file from one that grew', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const dir = await aCompletedCheckpoint(storage, 1, { 'op-0': 'twelve bytes' })
    const handle = (await readMetadata(dir)).operators[0]!.subtasks[0]!.stateFiles[0]!
    truncateFile(join(dir, 'op-0'), 5)
    await assert.rejects(readStateFile(dir, handle), /corrupt \(truncated\): has 5 bytes, but 12 were written/)
    await assertCorrupt(readStateFile(dir, { ...handle, sizeBytes: 4 }), join(dir, 'op-0'), 'size-mismatch')
  })

  it('reports a missing state file and a missing _metadata as missing', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const dir = await aCompletedCheckpoint(storage, 1, { 'op-0': 'x' })
    const handle = (await readMetadata(dir)).operators[0]!.subtasks[0]!.stateFiles[0]!
    rmSync(join(dir, 'op-0'))
    await assertCorrupt(readStateFile(dir, handle), join(dir, 'op-0'), 'missing')
    rmSync(join(dir, '_metadata'))
    await assertCorrupt(readMetadata(dir), join(dir, '_metadata'), 'missing')
  })

  it('reports truncated metadata naming the _metadata file', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const dir = await aCompletedCheckpoint(storage, 1)
    truncateFile(join(dir, '_metadata'), 60)
    await assertCorrupt(readMetadata(dir), join(dir, '_metadata'), 'truncated')
  })

  it('refuses a handle whose file name leaves the checkpoint directory', async () => {
    const handle = { fileName: '../other/op-0', sizeBytes: 1, checksum: `sha256:${'0'.repeat(64)}`, isCompressed: false }
    await assert.rejects(readStateFile(tmp.path, handle), (error: unknown) =>
      error instanceof CorruptCheckpointError && error.corruption === 'malformed')
  })
})
