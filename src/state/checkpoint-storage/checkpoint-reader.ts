import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { uncompressSync } from 'snappy'
import { CorruptCheckpointError } from '../../errors.js'
import { type CheckpointMetadata, stateFilesOf } from './checkpoint-metadata.js'
import { deserializeCheckpointMetadata } from './checkpoint-metadata-serializer.js'
import { METADATA_FILE_NAME, isValidStateFileName } from './checkpoint-storage-layout.js'
import { checksumOf } from './checksum.js'
import type { StateFileHandle } from './state-file-handle.js'
import { errnoOf, storageIo, storageStepTimeoutFor } from './storage-step.js'

/** Reads and verifies `<checkpointDir>/_metadata` (magic, version, length, checksum, shape). */
export async function readMetadata(checkpointDir: string): Promise<CheckpointMetadata> {
  const path = join(checkpointDir, METADATA_FILE_NAME)
  return deserializeCheckpointMetadata(path, await readCheckpointFile(path,
    'the checkpoint has no _metadata, so it never completed (or was deleted)'))
}

/** Reads a state file of a checkpoint, verifies its size and checksum, and uncompresses it if it was compressed. */
export async function readStateFile(checkpointDir: string, handle: StateFileHandle): Promise<Uint8Array> {
  const { path, bytes } = await readVerifiedStateFile(checkpointDir, handle)
  if (!handle.isCompressed) return asPlainBytes(bytes)
  try {
    return asPlainBytes(uncompressSync(bytes, { asBuffer: true }) as Buffer)
  } catch (error) {
    // the checksum matched, so the writer stored bytes that are not snappy: flag the file, not the reader
    throw new CorruptCheckpointError(path, 'malformed', `is marked compressed but is not valid snappy data (${String(error)})`)
  }
}

/** Verifies the size and checksum of one state file without uncompressing it. */
export async function verifyStateFile(checkpointDir: string, handle: StateFileHandle): Promise<void> {
  await readVerifiedStateFile(checkpointDir, handle)
}

/** Reads `_metadata` and verifies every state file it references; the metadata, if all of them verify. */
export async function verifyCheckpoint(checkpointDir: string): Promise<CheckpointMetadata> {
  const metadata = await readMetadata(checkpointDir)
  for (const handle of stateFilesOf(metadata)) await verifyStateFile(checkpointDir, handle)
  return metadata
}

async function readVerifiedStateFile(checkpointDir: string, handle: StateFileHandle): Promise<{ path: string; bytes: Uint8Array }> {
  const path = join(checkpointDir, handle.fileName)
  // metadata read from disk is validated already; this guards handles that arrive by other routes
  if (!isValidStateFileName(handle.fileName)) {
    throw new CorruptCheckpointError(path, 'malformed', `the state file name '${handle.fileName}' would leave the checkpoint directory`)
  }
  const bytes = await readCheckpointFile(path, 'the checkpoint metadata references it, but it does not exist', handle.sizeBytes)
  if (bytes.length < handle.sizeBytes) {
    throw new CorruptCheckpointError(path, 'truncated', `has ${bytes.length} bytes, but ${handle.sizeBytes} were written`)
  }
  if (bytes.length > handle.sizeBytes) {
    throw new CorruptCheckpointError(path, 'size-mismatch', `has ${bytes.length} bytes, but ${handle.sizeBytes} were written`)
  }
  const checksum = checksumOf(bytes)
  if (checksum !== handle.checksum) {
    throw new CorruptCheckpointError(path, 'checksum-mismatch', `its checksum is ${checksum}, but ${handle.checksum} was written`)
  }
  return { path, bytes }
}

/** Reads a whole checkpoint file, bounded by the time `expectedBytes` may take on the slowest acceptable disk. */
async function readCheckpointFile(path: string, whenMissing: string, expectedBytes = 0): Promise<Uint8Array> {
  try {
    return await storageIo('read', path, () => readFile(path), storageStepTimeoutFor(expectedBytes))
  } catch (error) {
    const code = errnoOf(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CorruptCheckpointError(path, 'missing', whenMissing)
    throw error
  }
}

// callers get a plain Uint8Array whatever node:fs or snappy returned (Buffer compares and serializes differently)
function asPlainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
