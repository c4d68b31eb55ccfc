import type { Key } from './key.js'

/**
 * Key groups, as in Flink: a key hashes to one of maxParallelism key groups, and each subtask
 * owns a contiguous range of them, so keyed state can be redistributed when parallelism changes.
 */

/** An inclusive range of key groups. */
export interface KeyGroupRange {
  readonly start: number
  readonly end: number
}

/** A 32-bit hash of a key that is the same on every thread and run (a String's hash is its content). */
export function hashKey(key: Key): number {
  switch (typeof key) {
    case 'number':
      if (Number.isInteger(key) && key >= -0x80000000 && key <= 0x7fffffff) return key | 0
      return hashString(String(key))
    case 'string':
      return hashString(key)
    case 'bigint':
      return hashString('n' + key.toString())
    case 'boolean':
      return key ? 1231 : 1237 // Java's Boolean.hashCode, for familiarity
  }
}

function hashString(value: string): number {
  // Java's String.hashCode over UTF-16 units: cheap and stable; murmur below spreads it
  let hash = 0
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0
  return hash
}

/** Flink's MathUtils.murmurHash: a finalizer that spreads a 32-bit hash, returning a non-negative int. */
export function murmurHash(code: number): number {
  let h = Math.imul(code, 0xcc9e2d51)
  h = (h << 15) | (h >>> 17)
  h = Math.imul(h, 0x1b873593)
  h = (h << 13) | (h >>> 19)
  h = (Math.imul(h, 5) + 0xe6546b64) | 0
  h ^= 4
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  if (h >= 0) return h
  if (h !== -0x80000000) return -h
  return 0
}

/** The key group of a key. */
export function assignToKeyGroup(key: Key, maxParallelism: number): number {
  return murmurHash(hashKey(key)) % maxParallelism
}

/** The subtask that owns a key group (Flink's computeOperatorIndexForKeyGroup). */
export function operatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism)
}

/** The key groups a subtask owns (Flink's computeKeyGroupRangeForOperatorIndex). */
export function keyGroupRangeForOperator(maxParallelism: number, parallelism: number, operatorIndex: number): KeyGroupRange {
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism)
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism)
  return { start, end }
}
