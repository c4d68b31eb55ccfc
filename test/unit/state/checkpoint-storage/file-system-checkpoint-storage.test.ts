import assert from 'node:assert/strict'
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  CheckpointStorageIoError, InvalidCheckpointMetadataError, InvalidConfigValueError, InvalidStateFileNameError,
} from '../../../../src/errors.js'
import { readMetadata, readStateFile } from '../../../../src/state/checkpoint-storage/checkpoint-reader.js'
import { FileSystemCheckpointStorage } from '../../../../src/state/checkpoint-storage/file-system-checkpoint-storage.js'
import { JOB_ID, aMetadata, aStorage, useTempDir } from './checkpoint-storage-fixtures.js'

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const compressibleState = encode(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ key: `user-${i % 50}`, count: i % 7 }))))

describe('FileSystemCheckpointStorage layout', () => {
  const tmp = useTempDir()

  it('creates <dir>/<job-id> with shared/ and taskowned/ beside the checkpoints on initialize', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    assert.equal(storage.jobDir, join(tmp.path, JOB_ID))
    assert.deepEqual(readdirSync(storage.jobDir).sort(), ['shared', 'taskowned'])
  })

  // Node's mkdir({ recursive: true }) spins forever there, which left a job CREATED for good
  it('fails to initialize at once, naming the directory and what to check, under /proc', { skip: !existsSync('/proc/self'), timeout: 10_000 }, async () => {
    const storage = aStorage('/proc/sluice-no-such-dir')
    await assert.rejects(storage.initialize(), (error: unknown) => error instanceof CheckpointStorageIoError &&
      error.message.startsWith(`checkpoint storage cannot create directory '/proc/sluice-no-such-dir/${JOB_ID}': ENOENT`) &&
      error.message.endsWith('cannot hold new entries (as under /proc or /sys); use a directory on a writable file system'))
  })

  it('creates chk-<n> under the job directory for a checkpoint', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(17)
    assert.deepEqual(location.reference, { checkpointId: 17, checkpointDir: join(storage.jobDir, 'chk-17'), isSavepoint: false })
    assert.ok(statSync(location.checkpointDir).isDirectory())
  })

  it('refuses to reuse the directory of an existing checkpoint id', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    await storage.createCheckpointLocation(3)
    await assert.rejects(storage.createCheckpointLocation(3), CheckpointStorageIoError)
  })

  it('names a savepoint directory savepoint-<6 hex of the job id>-<12 random hex> under the target directory', async () => {
    const storage = aStorage(tmp.path)
    const location = await storage.createSavepointLocation(4, join(tmp.path, 'savepoints'))
    assert.equal(location.checkpointDir, join(tmp.path, 'savepoints', 'savepoint-a1b2c3-000000000000'))
    assert.equal(location.reference.isSavepoint, true)
    assert.ok(statSync(location.checkpointDir).isDirectory())
  })

  it('puts checkpoints straight into the checkpoint directory without create-subdir', () => {
    assert.equal(aStorage(tmp.path, { shouldCreateJobSubdir: false }).jobDir, tmp.path)
  })

  it('accepts a file:// URI and rejects other schemes as a configuration error', () => {
    assert.equal(aStorage('', { checkpointsDir: pathToFileURL(tmp.path).href }).jobDir, join(tmp.path, JOB_ID))
    assert.throws(() => aStorage('', { checkpointsDir: 's3://bucket/checkpoints' }),
      (error: unknown) => error instanceof InvalidConfigValueError && /s3:\/\/ is not supported/.test(error.message))
  })

  it('is built from execution.checkpointing.dir, snapshot-compression and create-subdir', () => {
    const config = Configuration.fromEntries([
      { key: 'execution.checkpointing.dir', value: tmp.path, origin: '-D' },
      { key: 'execution.checkpointing.snapshot-compression', value: 'true', origin: '-D' },
    ], configRegistry)
    const storage = FileSystemCheckpointStorage.fromConfiguration(config, JOB_ID)
    assert.equal(storage?.jobDir, join(tmp.path, JOB_ID))
    assert.equal(storage?.isCompressionEnabled, true)
    assert.equal(FileSystemCheckpointStorage.fromConfiguration(Configuration.empty(configRegistry), JOB_ID), undefined)
  })
})

describe('FileSystemCheckpointStorageLocation', () => {
  const tmp = useTempDir()

  it('round-trips a state file without compression, with a handle relative to the checkpoint directory', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    const handle = await location.writeStateFile('op-0-keyed', compressibleState)
    assert.equal(handle.fileName, 'op-0-keyed')
    assert.equal(handle.sizeBytes, compressibleState.length)
    assert.equal(handle.isCompressed, false)
    assert.match(handle.checksum, /^sha256:[0-9a-f]{64}$/)
    assert.deepEqual(JSON.parse(JSON.stringify(handle)), handle, 'a handle is plain serializable data')
    assert.deepEqual(await readStateFile(location.checkpointDir, handle), compressibleState)
  })

  it('snappy-compresses state files with snapshot compression on, so compressible state gets smaller on disk', async () => {
    const storage = aStorage(tmp.path, { isCompressionEnabled: true })
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    const handle = await location.writeStateFile('op-0-keyed', compressibleState)
    assert.equal(handle.isCompressed, true)
    assert.ok(handle.sizeBytes < compressibleState.length / 2, `${handle.sizeBytes} of ${compressibleState.length} bytes`)
    assert.equal(statSync(join(location.checkpointDir, 'op-0-keyed')).size, handle.sizeBytes)
    assert.deepEqual(await readStateFile(location.checkpointDir, handle), compressibleState)
  })

  it('round-trips an empty state file, compressed or not', async () => {
    for (const isCompressionEnabled of [false, true]) {
      const storage = aStorage(join(tmp.path, String(isCompressionEnabled)), { isCompressionEnabled })
      await storage.initialize()
      const location = await storage.createCheckpointLocation(1)
      const handle = await location.writeStateFile('empty', new Uint8Array(0))
      assert.deepEqual(await readStateFile(location.checkpointDir, handle), new Uint8Array(0))
    }
  })

  it('round-trips the metadata and leaves only _metadata and the state files behind', async () => {
    const storage = aStorage(tmp.path, { isCompressionEnabled: true })
    await storage.initialize()
    const location = await storage.createCheckpointLocation(5)
    const handle = await location.writeStateFile('op-0-keyed', compressibleState)
    const metadata = aMetadata(5, [handle], { isCompressed: true })
    assert.equal(await location.writeMetadata(metadata), location.checkpointDir)
    assert.deepEqual(await readMetadata(location.checkpointDir), metadata)
    assert.deepEqual(readdirSync(location.checkpointDir).sort(), ['_metadata', 'op-0-keyed'])
  })

  it('lets a worker write into the location the coordinator created, from its reference alone', async () => {
    const coordinatorSide = aStorage(tmp.path)
    await coordinatorSide.initialize()
    const created = await coordinatorSide.createCheckpointLocation(2)
    const workerSide = aStorage(tmp.path)
    const handle = await workerSide.resolveLocation(structuredClone(created.reference)).writeStateFile('op-1', encode('x'))
    assert.deepEqual(await readStateFile(created.checkpointDir, handle), encode('x'))
  })

  it('keeps a savepoint self-contained: it still reads after its directory is moved', async () => {
    const storage = aStorage(tmp.path, { isCompressionEnabled: true })
    const location = await storage.createSavepointLocation(9, join(tmp.path, 'savepoints'))
    const handle = await location.writeStateFile('op-0-keyed', compressibleState)
    await location.writeMetadata(aMetadata(9, [handle], { isSavepoint: true, isCompressed: true }))
    const moved = join(tmp.path, 'moved-savepoint')
    renameSync(location.checkpointDir, moved)
    const metadata = await readMetadata(moved)
    assert.equal(metadata.isSavepoint, true)
    assert.deepEqual(await readStateFile(moved, metadata.operators[0]!.subtasks[0]!.stateFiles[0]!), compressibleState)
  })

  it('rejects state file names that would leave the directory or clash with _metadata', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    for (const name of ['../escape', 'a/b', '_metadata', '.hidden', '', 'x'.repeat(201)]) {
      await assert.rejects(location.writeStateFile(name, encode('x')), InvalidStateFileNameError, name)
    }
  })

  it('never overwrites a state file already written', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    await location.writeStateFile('op-0', encode('first'))
    await assert.rejects(location.writeStateFile('op-0', encode('second')), CheckpointStorageIoError)
  })

  it('refuses metadata of another checkpoint, metadata that would not read back, and a second _metadata', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    await assert.rejects(location.writeMetadata(aMetadata(2, [])), InvalidCheckpointMetadataError)
    await assert.rejects(location.writeMetadata(aMetadata(1, [], { isSavepoint: true })), InvalidCheckpointMetadataError)
    const badOperator = aMetadata(1, [])
    await assert.rejects(location.writeMetadata({ ...badOperator, operators: [{ ...badOperator.operators[0]!, operatorId: 'map-1' }] }),
      (error: unknown) => error instanceof InvalidCheckpointMetadataError && /operators\[0\]\.operatorId/.test(error.message))
    await location.writeMetadata(aMetadata(1, []))
    await assert.rejects(location.writeMetadata(aMetadata(1, [])), CheckpointStorageIoError)
  })

  it('deletes its directory when discarded', async () => {
    const storage = aStorage(tmp.path)
    await storage.initialize()
    const location = await storage.createCheckpointLocation(1)
    await location.writeStateFile('op-0', encode('x'))
    await location.discard()
    assert.equal(existsSync(location.checkpointDir), false)
  })
})
