import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ValueDecoder } from '../../../src/runtime/network/value-decoder.js'
import { ValueEncoder } from '../../../src/runtime/network/value-encoder.js'
import { aRandom } from '../../support/seeded-random.js'


const KEY_POOL = ['id', 'name', 'price', 'auction', 'bidder', 'a', 'b', 'c', '', '0', '17', 'ключ', '😀', 'x\ud800',
  '__proto__', 'a long key name that is more than thirty-one characters']
const STRING_POOL = ['', 'Google', 'Apple', 'Baidu', 'Facebook', 'é', 'naïve', '日本', '😀', '\udfff', 'x'.repeat(31)]

/** Random plain data: every kind the codec supports, nested, with shapes and strings that repeat. */
function aValueGenerator(random: () => number) {
  const int = (n: number): number => Math.floor(random() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!

  function aString(): string {
    switch (int(8)) {
      case 0: return pick(STRING_POOL)
      case 1: return `s${int(50)}`
      case 2: return String.fromCharCode(...Array.from({ length: int(40) }, () => 0x20 + int(0x5f)))
      case 3: return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0x100)))
      case 4: return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0x10000)))
      case 5: return '😀日é\ud800a'.repeat(int(10))
      case 6: return 'long-'.repeat(int(200))
      default: return pick(STRING_POOL) + String(int(5))
    }
  }

  function aNumber(): number {
    switch (int(8)) {
      case 0: return int(128)
      case 1: return int(0x10000) - 0x8000
      case 2: return (random() * 2 ** 32 - 2 ** 31) | 0
      case 3: return pick([-0, 0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, -(2 ** 31) - 1])
      case 4: return Math.round(random() * 1e12)
      default: return (random() - 0.5) * 10 ** int(20)
    }
  }

  function aValue(depth: number): unknown {
    const kind = int(depth >= 4 ? 7 : 10)
    switch (kind) {
      case 0: return aNumber()
      case 1: return aString()
      case 2: return pick([true, false, null, undefined])
      case 3: return random() < 0.5 ? BigInt(int(1000)) - 500n : (BigInt(int(2 ** 30)) << BigInt(int(100))) * pick([1n, -1n])
      case 4: return aNumber()
      case 5: return aString()
      case 6: return random() < 0.3 ? new Date(int(2 ** 40)) : int(10)
      case 7: return Array.from({ length: int(6) }, () => aValue(depth + 1))
      default: {
        const object: Record<string, unknown> = {}
        const keyCount = int(6)
        for (let i = 0; i < keyCount; i++) {
          const key = pick(KEY_POOL)
          if (key === '__proto__') Object.defineProperty(object, key, { value: aValue(depth + 1), enumerable: true, writable: true, configurable: true })
          else object[key] = aValue(depth + 1)
        }
        return object
      }
    }
  }

  /** A record: usually one of a few record types, like a real stream, sometimes anything. */
  function aRecord(): unknown {
    switch (int(4)) {
      case 0: return { auction: int(1000), bidder: int(5000), price: aNumber(), channel: pick(STRING_POOL), extra: aString() }
      case 1: return { id: int(100), tags: Array.from({ length: int(4) }, aString), nested: { a: aValue(2), b: aValue(2) } }
      default: return aValue(0)
    }
  }
  return { aRecord, int }
}

describe('ValueEncoder and ValueDecoder on random records', () => {
  it('decode(encode(records)) equals the records, across buffers of many sizes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = aRandom(seed)
      const { aRecord, int } = aValueGenerator(random)
      const records = Array.from({ length: 100 }, aRecord)
      const segmentSizeBytes = [64, 256, 1024, 4096, 32 * 1024][int(5)]!
      const encoder = new ValueEncoder()
      const decoder = new ValueDecoder()
      const decoded: unknown[] = []
      let memory = new ArrayBuffer(segmentSizeBytes)
      let bytes = new Uint8Array(memory)
      let position = 0
      const drain = (): void => {
        decoder.reset()
        const view = new DataView(memory, 0, position)
        const filled = bytes.subarray(0, position)
        let at = 0
        while (at < position) {
          decoded.push(decoder.decode(filled, view, at))
          at = decoder.offset
        }
        assert.equal(at, position)
      }
      const startBuffer = (sizeBytes: number): void => {
        memory = new ArrayBuffer(sizeBytes)
        bytes = new Uint8Array(memory)
        position = 0
        encoder.reset()
      }
      startBuffer(segmentSizeBytes)
      for (const record of records) {
        let end = encoder.encode(record, bytes, new DataView(memory), position, bytes.length)
        if (end >= 0) {
          position = end
          continue
        }
        drain()
        // like ResultPartition: a fresh segment, then oversized buffers of doubling size
        for (let size = segmentSizeBytes; end < 0; size *= 2) {
          startBuffer(size)
          end = encoder.encode(record, bytes, new DataView(memory), 0, bytes.length)
        }
        position = end
      }
      drain()
      assert.deepStrictEqual(decoded, records, `seed ${seed}`)
    }
  })

  it('a write that does not fit before a random limit touches no byte before its offset or from the limit on', () => {
    const random = aRandom(4242)
    const { aRecord, int } = aValueGenerator(random)
    const encoder = new ValueEncoder()
    const memory = new ArrayBuffer(64 * 1024)
    const bytes = new Uint8Array(memory)
    const view = new DataView(memory)
    let failures = 0
    for (let i = 0; i < 3000; i++) {
      encoder.reset()
      // earlier records in the buffer define shapes and strings that the next one may refer to
      let position = 0
      const earlier: unknown[] = []
      for (let j = int(4); j > 0; j--) {
        const record = aRecord()
        const end = encoder.encode(record, bytes, view, position, 32 * 1024)
        if (end < 0) break
        earlier.push(record)
        position = end
      }
      const record = aRecord()
      const limit = position + int(300)
      bytes.fill(0xaa, limit)
      const before = bytes.slice(0, position)
      const end = encoder.encode(record, bytes, view, position, limit)
      if (end < 0) {
        failures++
        assert.deepStrictEqual(bytes.subarray(0, position), before, `case ${i}: bytes before the offset changed`)
        assert.ok(bytes.subarray(limit).every((b) => b === 0xaa), `case ${i}: bytes from the limit on changed`)
        // a retry with room to spare must still work after a failure
        const retryEnd = encoder.encode(record, bytes, view, position, bytes.length)
        assert.ok(retryEnd > position, `case ${i}: retry in the same buffer`)
        earlier.push(record)
        position = retryEnd
      } else {
        assert.ok(end <= limit)
        earlier.push(record)
        position = end
      }
      const decoder = new ValueDecoder()
      decoder.reset()
      const decoded: unknown[] = []
      for (let at = 0; at < position; at = decoder.offset) decoded.push(decoder.decode(bytes, view, at))
      assert.deepStrictEqual(decoded, earlier, `case ${i}`)
    }
    assert.ok(failures > 500, `only ${failures} writes ran out of room`)
  })
})
