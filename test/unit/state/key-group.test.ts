import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  assignToKeyGroup, hashKey, keyGroupRangeForOperator, murmurHash, operatorIndexForKeyGroup,
} from '../../../src/state/key-group.js'
import type { Key } from '../../../src/state/key.js'

/** Java int arithmetic through BigInt: an independent model of Flink's MathUtils.murmurHash. */
function javaMurmurHash(code: number): number {
  const int = (v: bigint) => BigInt.asIntN(32, v)
  const rotl = (v: bigint, n: bigint) => int((BigInt.asUintN(32, v) << n) | (BigInt.asUintN(32, v) >> (32n - n)))
  const ushr = (v: bigint, n: bigint) => BigInt.asUintN(32, v) >> n
  let h = int(BigInt(code) * 0xcc9e2d51n)
  h = rotl(h, 15n)
  h = int(h * 0x1b873593n)
  h = rotl(h, 13n)
  h = int(h * 5n + 0xe6546b64n)
  h = int(h ^ 4n)
  h = int(h ^ ushr(h, 16n))
  h = int(h * 0x85ebca6bn)
  h = int(h ^ ushr(h, 13n))
  h = int(h * 0xc2b2ae35n)
  h = int(h ^ ushr(h, 16n))
  if (h >= 0n) return Number(h)
  if (h !== -0x80000000n) return Number(-h)
  return 0
}

const MAX_PARALLELISMS = [1, 7, 128, 1000, 32_768]
const SAMPLE_KEYS: Key[] = [0, 1, -1, 42, 0x7fffffff, -0x80000000, 2 ** 40, 1.5, Number.NaN, 'a', '', 'user-17', 'ü€😀', 5n, -5n, true, false]

describe('hashKey', () => {
  it('hashes an int32 number to itself, as Java Integer.hashCode does', () => {
    for (const n of [0, 1, -1, 123_456, 0x7fffffff, -0x80000000]) assert.equal(hashKey(n), n)
  })

  it('hashes a string to Java String.hashCode', () => {
    assert.equal(hashKey(''), 0)
    assert.equal(hashKey('abc'), 96354)
    assert.equal(hashKey('hello'), 99162322)
    assert.equal(hashKey('Aa'), hashKey('BB')) // Java's classic collision
  })

  it('hashes 0 and -0 alike, since state maps treat them as one key', () => {
    assert.equal(assignToKeyGroup(-0, 128), assignToKeyGroup(0, 128))
  })

  it('hashes the same key to the same value every time, for every key type', () => {
    for (const key of SAMPLE_KEYS) {
      const hash = hashKey(key)
      assert.ok(Number.isInteger(hash) && hash >= -0x80000000 && hash <= 0x7fffffff, `hash of ${String(key)} is an int32`)
      assert.equal(hashKey(key), hash)
    }
  })

  it('hashes non-integer and out-of-int32 numbers by their decimal text', () => {
    assert.equal(hashKey(1.5), hashKey('1.5'))
    assert.equal(hashKey(2 ** 40), hashKey(String(2 ** 40)))
  })
})

describe('murmurHash', () => {
  it('matches Java int arithmetic of Flink MathUtils.murmurHash', () => {
    const codes = [0, 1, -1, 4, 42, 96354, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678]
    for (let i = 0; i < 2000; i++) codes.push((Math.imul(i, 0x9e3779b1) ^ (i << 7)) | 0)
    for (const code of codes) assert.equal(murmurHash(code), javaMurmurHash(code), `murmurHash(${code})`)
  })

  it('is never negative', () => {
    for (let i = -5000; i < 5000; i++) assert.ok(murmurHash(i * 104_729) >= 0)
  })
})

describe('assignToKeyGroup', () => {
  it('assigns every key a key group in [0, maxParallelism)', () => {
    for (const maxParallelism of MAX_PARALLELISMS) {
      for (const key of SAMPLE_KEYS) {
        const group = assignToKeyGroup(key, maxParallelism)
        assert.ok(Number.isInteger(group) && group >= 0 && group < maxParallelism, `${String(key)} → ${group} of ${maxParallelism}`)
      }
      for (let i = 0; i < 1000; i++) {
        const group = assignToKeyGroup(`k${i}`, maxParallelism)
        assert.ok(group >= 0 && group < maxParallelism)
      }
    }
  })

  it('spreads sequential integer keys over all key groups', () => {
    const used = new Set<number>()
    for (let i = 0; i < 10_000; i++) used.add(assignToKeyGroup(i, 128))
    assert.equal(used.size, 128)
  })
})

describe('key group ranges', () => {
  const cases: [number, number][] = []
  for (const maxParallelism of [1, 2, 7, 10, 128, 1000]) {
    for (const parallelism of [1, 2, 3, 4, 5, 7, 10, 64, 127, 128]) if (parallelism <= maxParallelism) cases.push([maxParallelism, parallelism])
  }

  it('partition [0, maxParallelism) into contiguous non-empty ranges without gaps or overlap', () => {
    for (const [maxParallelism, parallelism] of cases) {
      let expectedStart = 0
      for (let i = 0; i < parallelism; i++) {
        const { start, end } = keyGroupRangeForOperator(maxParallelism, parallelism, i)
        assert.equal(start, expectedStart, `max ${maxParallelism}, p ${parallelism}, subtask ${i}`)
        assert.ok(end >= start, `range of subtask ${i} is empty at max ${maxParallelism}, p ${parallelism}`)
        expectedStart = end + 1
      }
      assert.equal(expectedStart, maxParallelism)
    }
  })

  it('follow Flink: start = ceil(i·max / p), end = ceil((i+1)·max / p) − 1', () => {
    for (const [maxParallelism, parallelism] of cases) {
      for (let i = 0; i < parallelism; i++) {
        assert.deepEqual(keyGroupRangeForOperator(maxParallelism, parallelism, i), {
          start: Math.ceil((i * maxParallelism) / parallelism),
          end: Math.ceil(((i + 1) * maxParallelism) / parallelism) - 1,
        })
      }
    }
  })

  it('agree with operatorIndexForKeyGroup for every key group', () => {
    for (const [maxParallelism, parallelism] of cases) {
      for (let i = 0; i < parallelism; i++) {
        const { start, end } = keyGroupRangeForOperator(maxParallelism, parallelism, i)
        for (let group = start; group <= end; group++) assert.equal(operatorIndexForKeyGroup(maxParallelism, parallelism, group), i)
      }
    }
  })

  it('give the documented ranges for 128 key groups over 3 subtasks', () => {
    assert.deepEqual([0, 1, 2].map((i) => keyGroupRangeForOperator(128, 3, i)), [
      { start: 0, end: 42 }, { start: 43, end: 85 }, { start: 86, end: 127 },
    ])
  })

  it('route a key to the subtask whose range holds its key group', () => {
    for (let k = 0; k < 500; k++) {
      const key = `key-${k}`
      const group = assignToKeyGroup(key, 128)
      const subtask = operatorIndexForKeyGroup(128, 5, group)
      const { start, end } = keyGroupRangeForOperator(128, 5, subtask)
      assert.ok(group >= start && group <= end)
    }
  })
})
