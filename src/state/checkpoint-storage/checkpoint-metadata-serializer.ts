import { CorruptCheckpointError, InvalidCheckpointMetadataError } from '../../errors.js'
import type { CheckpointMetadata } from './checkpoint-metadata.js'
import { describeMetadataProblem } from './checkpoint-metadata-validator.js'
import { digestOf } from './checksum.js'

/**
 * The `_metadata` file format (Flink's MetadataSerializer, with a JSON body):
 *
 * | offset | bytes | content |
 * |---|---|---|
 * | 0 | 8 | magic `SLUICECP` (ASCII) |
 * | 8 | 4 | format version, unsigned big-endian (1) |
 * | 12 | 4 | body length in bytes, unsigned big-endian |
 * | 16 | 32 | SHA-256 digest of the body |
 * | 48 | body length | the CheckpointMetadata as UTF-8 JSON |
 */
export const METADATA_MAGIC = 'SLUICECP'
/** The only `_metadata` format version this Sluice writes and reads. */
export const METADATA_VERSION = 1
/** Size of the fixed header in front of the JSON body, in bytes. */
export const METADATA_HEADER_BYTES = 48

const MAGIC_BYTES = new TextEncoder().encode(METADATA_MAGIC)
const DIGEST_OFFSET = 16
const DIGEST_BYTES = 32

/** Encodes metadata as the bytes of a `_metadata` file; refuses metadata that would not read back. */
export function serializeCheckpointMetadata(metadata: CheckpointMetadata): Uint8Array {
  const problem = describeMetadataProblem(metadata)
  if (problem !== undefined) throw new InvalidCheckpointMetadataError(metadata.checkpointId, problem)
  const body = new TextEncoder().encode(JSON.stringify(metadata))
  const bytes = new Uint8Array(METADATA_HEADER_BYTES + body.length)
  const view = new DataView(bytes.buffer)
  bytes.set(MAGIC_BYTES, 0)
  view.setUint32(8, METADATA_VERSION)
  view.setUint32(12, body.length)
  bytes.set(digestOf(body), DIGEST_OFFSET)
  bytes.set(body, METADATA_HEADER_BYTES)
  return bytes
}

/** Decodes and verifies the bytes of the `_metadata` file at `path` (magic, version, length, checksum, shape). */
export function deserializeCheckpointMetadata(path: string, bytes: Uint8Array): CheckpointMetadata {
  const magicLength = Math.min(bytes.length, MAGIC_BYTES.length)
  if (!sameBytes(bytes.subarray(0, magicLength), MAGIC_BYTES.subarray(0, magicLength))) {
    throw new CorruptCheckpointError(path, 'bad-magic', `does not start with '${METADATA_MAGIC}', so it is not Sluice checkpoint metadata`)
  }
  if (bytes.length < METADATA_HEADER_BYTES) {
    throw new CorruptCheckpointError(path, 'truncated', `has ${bytes.length} bytes, less than its ${METADATA_HEADER_BYTES}-byte header`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8)
  if (version !== METADATA_VERSION) {
    throw new CorruptCheckpointError(path, 'unsupported-version',
      `has format version ${version}, but this Sluice reads version ${METADATA_VERSION} only`)
  }
  const expectedLength = METADATA_HEADER_BYTES + view.getUint32(12)
  if (bytes.length < expectedLength) {
    throw new CorruptCheckpointError(path, 'truncated', `has ${bytes.length} bytes, but its header announces ${expectedLength}`)
  }
  if (bytes.length > expectedLength) {
    throw new CorruptCheckpointError(path, 'size-mismatch',
      `has ${bytes.length} bytes, but its header announces ${expectedLength} (trailing bytes)`)
  }
  const body = bytes.subarray(METADATA_HEADER_BYTES)
  if (!sameBytes(digestOf(body), bytes.subarray(DIGEST_OFFSET, DIGEST_OFFSET + DIGEST_BYTES))) {
    throw new CorruptCheckpointError(path, 'checksum-mismatch', 'the SHA-256 of its body differs from the one in its header')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch (error) {
    throw new CorruptCheckpointError(path, 'malformed', `its body is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const problem = describeMetadataProblem(parsed)
  if (problem !== undefined) throw new CorruptCheckpointError(path, 'malformed', problem)
  return parsed as CheckpointMetadata
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index])
}
