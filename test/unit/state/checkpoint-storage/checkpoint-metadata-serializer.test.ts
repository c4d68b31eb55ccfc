import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CorruptCheckpointError, type CheckpointCorruption } from '../../../../src/errors.js'
import {
  METADATA_HEADER_BYTES, deserializeCheckpointMetadata, serializeCheckpointMetadata,
} from '../../../../src/state/checkpoint-storage/checkpoint-metadata-serializer.js'
import { checksumOf } from '../../../../src/state/checkpoint-storage/checksum.js'
import { aMetadata } from './checkpoint-storage-fixtures.js'

const PATH = '/checkpoints/job/chk-1/_metadata'
const metadata = aMetadata(1, [{ fileName: 'op-0', sizeBytes: 3, checksum: checksumOf(new Uint8Array(3)), isCompressed: false }])

function assertCorrupt(bytes: Uint8Array, corruption: CheckpointCorruption, detail: RegExp): void {
  assert.throws(() => deserializeCheckpointMetadata(PATH, bytes), (error: unknown) => {
    assert.ok(error instanceof CorruptCheckpointError)
    assert.equal(error.path, PATH)
    assert.equal(error.corruption, corruption)
    assert.match(error.message, detail)
    assert.ok(error.message.includes(PATH), 'the message names the file')
    return true
  })
}

describe('checkpoint metadata format', () => {
  it('starts with the magic SLUICECP and version 1, then a JSON body', () => {
    const bytes = serializeCheckpointMetadata(metadata)
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'SLUICECP')
    assert.equal(new DataView(bytes.buffer).getUint32(8), 1)
    assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes.subarray(METADATA_HEADER_BYTES))), metadata)
  })

  it('round-trips', () => {
    assert.deepEqual(deserializeCheckpointMetadata(PATH, serializeCheckpointMetadata(metadata)), metadata)
  })

  it('reports truncated metadata, whether the cut falls in the header or in the body', () => {
    const bytes = serializeCheckpointMetadata(metadata)
    assertCorrupt(bytes.subarray(0, 20), 'truncated', /20 bytes, less than its 48-byte header/)
    assertCorrupt(bytes.subarray(0, bytes.length - 1), 'truncated', new RegExp(`header announces ${bytes.length}`))
    assertCorrupt(new Uint8Array(0), 'truncated', /0 bytes/)
  })

  it('reports trailing bytes after the body', () => {
    const bytes = serializeCheckpointMetadata(metadata)
    assertCorrupt(new Uint8Array([...bytes, 0]), 'size-mismatch', /trailing bytes/)
  })

  it('reports a flipped byte in the body as a checksum mismatch', () => {
    const bytes = serializeCheckpointMetadata(metadata)
    bytes[bytes.length - 3]! ^= 0x01
    assertCorrupt(bytes, 'checksum-mismatch', /SHA-256 of its body/)
  })

  it('reports a file that is not Sluice metadata, and a format version it cannot read', () => {
    assertCorrupt(new TextEncoder().encode('{"checkpointId":1}'), 'bad-magic', /does not start with 'SLUICECP'/)
    const bytes = serializeCheckpointMetadata(metadata)
    new DataView(bytes.buffer).setUint32(8, 2)
    assertCorrupt(bytes, 'unsupported-version', /version 2, but this Sluice reads version 1/)
  })

  it('reports a body whose checksum matches but whose content is not checkpoint metadata', () => {
    const evil = { ...metadata, operators: [{ ...metadata.operators[0]!, subtasks: [{ subtaskIndex: 0, backendState: {},
      stateFiles: [{ fileName: '../../etc/passwd', sizeBytes: 1, checksum: checksumOf(new Uint8Array(1)), isCompressed: false }] }] }] }
    const body = new TextEncoder().encode(JSON.stringify(evil))
    const bytes = serializeCheckpointMetadata(metadata).subarray(0, METADATA_HEADER_BYTES)
    const forged = new Uint8Array([...bytes, ...body])
    new DataView(forged.buffer).setUint32(12, body.length)
    forged.set(Buffer.from(checksumOf(body).slice('sha256:'.length), 'hex'), 16)
    assertCorrupt(forged, 'malformed', /operators\[0\]\.subtasks\[0\]\.stateFiles\[0\]\.fileName/)
  })
})
