import { createHash } from 'node:crypto'

// SHA-256 rather than CRC32C: node:crypto has it natively (Node 20 has no CRC32C, and zlib.crc32 is CRC-32/IEEE and
// only from 20.15), it hashes far faster than the disk writes, and it also catches non-random damage such as a file
// swapped in from another checkpoint, which a 32-bit CRC may miss.
const ALGORITHM = 'sha256'
const CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/

/** `sha256:<64 hex>` of `bytes`: the checksum every checkpoint file (state files and the `_metadata` body) carries. */
export function checksumOf(bytes: Uint8Array): string {
  return `${ALGORITHM}:${createHash(ALGORITHM).update(bytes).digest('hex')}`
}

/** Whether a string is a checksum checksumOf can produce (a known algorithm and a digest of the right length). */
export function isWellFormedChecksum(checksum: string): boolean {
  return CHECKSUM_PATTERN.test(checksum)
}

/** The raw 32-byte SHA-256 digest of `bytes`, as the `_metadata` header stores it. */
export function digestOf(bytes: Uint8Array): Uint8Array {
  return createHash(ALGORITHM).update(bytes).digest()
}
