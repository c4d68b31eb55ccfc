import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { compressSync } from 'snappy'
import { InvalidCheckpointMetadataError } from '../../errors.js'
import type { CheckpointMetadata } from './checkpoint-metadata.js'
import { serializeCheckpointMetadata } from './checkpoint-metadata-serializer.js'
import type { CheckpointStorageLocation, CheckpointStorageLocationReference } from './checkpoint-storage.js'
import { METADATA_FILE_NAME, checkStateFileName, metadataTempFileName } from './checkpoint-storage-layout.js'
import { checksumOf } from './checksum.js'
import type { StateFileHandle } from './state-file-handle.js'
import { writeFileAtomically, writeFileDurably } from './durable-file-writer.js'
import { storageIo } from './storage-step.js'

/** A checkpoint or savepoint directory on a local (or mounted) filesystem. */
export class FileSystemCheckpointStorageLocation implements CheckpointStorageLocation {
  readonly #isCompressionEnabled: boolean
  readonly #randomHex: (byteCount: number) => string

  constructor(readonly reference: CheckpointStorageLocationReference, options: {
    /** `execution.checkpointing.snapshot-compression`. */
    readonly isCompressionEnabled: boolean
    readonly randomHex: (byteCount: number) => string
  }) {
    this.#isCompressionEnabled = options.isCompressionEnabled
    this.#randomHex = options.randomHex
  }

  /** The directory state files and `_metadata` are written to. */
  get checkpointDir(): string {
    return this.reference.checkpointDir
  }

  async writeStateFile(fileName: string, bytes: Uint8Array): Promise<StateFileHandle> {
    checkStateFileName(fileName)
    // raw snappy (one block per file), like Flink's SnappyStreamCompressionDecorator minus the framing: files are
    // written and read whole, so frames would add bytes and no capability
    const stored: Uint8Array = this.#isCompressionEnabled ? compressSync(bytes) : bytes
    await writeFileDurably(join(this.checkpointDir, fileName), stored)
    return { fileName, sizeBytes: stored.length, checksum: checksumOf(stored), isCompressed: this.#isCompressionEnabled }
  }

  async writeMetadata(metadata: CheckpointMetadata): Promise<string> {
    if (metadata.checkpointId !== this.reference.checkpointId || metadata.isSavepoint !== this.reference.isSavepoint) {
      throw new InvalidCheckpointMetadataError(metadata.checkpointId,
        `it is for ${describe(metadata.checkpointId, metadata.isSavepoint)}, but the location is for ` +
        describe(this.reference.checkpointId, this.reference.isSavepoint))
    }
    const bytes = serializeCheckpointMetadata(metadata)
    await writeFileAtomically(this.checkpointDir, METADATA_FILE_NAME, metadataTempFileName(this.#randomHex(8)), bytes)
    return this.checkpointDir
  }

  async discard(): Promise<void> {
    await storageIo('delete', this.checkpointDir, () => rm(this.checkpointDir, { recursive: true, force: true }))
  }
}

function describe(checkpointId: number, isSavepoint: boolean): string {
  return `${isSavepoint ? 'savepoint' : 'checkpoint'} ${checkpointId}`
}
