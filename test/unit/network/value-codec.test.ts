import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CorruptValueEncodingError, UnserializableRecordError } from '../../../src/errors.js'
import { ValueDecoder } from '../../../src/runtime/network/value-decoder.js'
import { ValueEncoder } from '../../../src/runtime/network/value-encoder.js'

const SEGMENT_SIZE_BYTES = 32 * 1024

interface NetworkBuffer {
  readonly bytes: Uint8Array
  readonly view: DataView
}

function aBuffer(sizeBytes = SEGMENT_SIZE_BYTES, isShared = false): NetworkBuffer {
  const memory = isShared ? new SharedArrayBuffer(sizeBytes) : new ArrayBuffer(sizeBytes)
  return { bytes: new Uint8Array(memory), view: new DataView(memory) }
}

/** Encodes values one after another into buffers, starting a new buffer whenever one is full (like ResultPartition). */
function encodeAll(values: readonly unknown[], sizeBytes = SEGMENT_SIZE_BYTES, encoder = new ValueEncoder()):
  { buffer: NetworkBuffer; length: number }[] {
  const finished: { buffer: NetworkBuffer; length: number }[] = []
  let buffer = aBuffer(sizeBytes)
  let position = 0
  encoder.reset()
  for (const value of values) {
    let end = encoder.encode(value, buffer.bytes, buffer.view, position, buffer.bytes.length)
    if (end < 0) {
      finished.push({ buffer, length: position })
      buffer = aBuffer(sizeBytes)
      position = 0
      encoder.reset()
      end = encoder.encode(value, buffer.bytes, buffer.view, position, buffer.bytes.length)
      assert.ok(end > 0, 'a value must fit into a fresh buffer')
    }
    position = end
  }
  finished.push({ buffer, length: position })
  return finished
}

/** Decodes every value of the buffers, in order (like InputGate). */
function decodeAll(buffers: readonly { buffer: NetworkBuffer; length: number }[], decoder = new ValueDecoder()): unknown[] {
  const values: unknown[] = []
  for (const { buffer, length } of buffers) {
    decoder.reset()
    const bytes = buffer.bytes.subarray(0, length)
    const view = new DataView(buffer.bytes.buffer, 0, length)
    let position = 0
    while (position < length) {
      values.push(decoder.decode(bytes, view, position))
      assert.ok(decoder.offset > position, 'the decoder must move forward')
      position = decoder.offset
    }
    assert.equal(position, length, 'the last value must end exactly at the end of the buffer')
  }
  return values
}

function roundTrip(value: unknown, sizeBytes = SEGMENT_SIZE_BYTES): unknown {
  const decoded = decodeAll(encodeAll([value], sizeBytes))
  assert.equal(decoded.length, 1)
  return decoded[0]
}

function assertRoundTrips(value: unknown): void {
  assert.deepStrictEqual(roundTrip(value), value)
}

function encodedSize(value: unknown): number {
  const { bytes, view } = aBuffer()
  const encoder = new ValueEncoder()
  encoder.reset()
  return encoder.encode(value, bytes, view, 0, bytes.length)
}

function unserializableError(value: unknown): UnserializableRecordError {
  const { bytes, view } = aBuffer()
  const encoder = new ValueEncoder()
  encoder.reset()
  try {
    encoder.encode(value, bytes, view, 0, bytes.length)
  } catch (error) {
    assert.ok(error instanceof UnserializableRecordError, `expected UnserializableRecordError, got ${String(error)}`)
    return error
  }
  assert.fail('expected the encoder to refuse the value')
}

describe('ValueEncoder and ValueDecoder', () => {
  describe('numbers', () => {
    it('round-trips small, 16-bit, 32-bit and non-int32 numbers', () => {
      for (const value of [0, 1, 127, 128, 255, 256, -1, -128, -129, 0x7fff, 0x8000, -0x8000, -0x8001,
        2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53,
        0.5, -0.5, Math.PI, 1e-300, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1.7976931348623157e308]) {
        assert.ok(Object.is(roundTrip(value), value), `round trip of ${value}`)
      }
    })

    it('keeps the sign of -0, NaN and both infinities', () => {
      assert.ok(Object.is(roundTrip(-0), -0))
      assert.ok(Object.is(roundTrip(0), 0))
      assert.ok(Object.is(roundTrip(NaN), NaN))
      assert.equal(roundTrip(Infinity), Infinity)
      assert.equal(roundTrip(-Infinity), -Infinity)
      assert.ok(Object.is((roundTrip({ x: -0 }) as { x: number }).x, -0))
      assert.ok(Object.is((roundTrip([NaN]) as number[])[0], NaN))
    })

    it('writes integers 0-127 as a single byte and -0 as a float64', () => {
      assert.equal(encodedSize(0), 1)
      assert.equal(encodedSize(127), 1)
      assert.equal(encodedSize(128), 3)
      assert.equal(encodedSize(-0), 9)
      assert.equal(encodedSize(2 ** 31), 9)
    })
  })

  describe('strings', () => {
    it('round-trips short and long ASCII strings', () => {
      for (const length of [0, 1, 2, 30, 31, 32, 33, 100, 255, 256, 1000, 20_000]) {
        const text = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(length / 36)).slice(0, length)
        assert.equal(roundTrip(text), text, `length ${length}`)
      }
    })

    it('round-trips Latin-1, BMP and astral characters at short and long lengths', () => {
      for (const text of ['é', 'ÿ\u0080\u00a0', 'naïve café', 'Ā', '日本語', '😀', 'a😀b', '👨‍👩‍👧‍👦',
        'é'.repeat(40), '日本'.repeat(40), '😀'.repeat(100), `x${'ü'.repeat(31)}`, '\u0000\u0001\u007f',
        '\u0000'.repeat(50)]) {
        assert.equal(roundTrip(text), text, JSON.stringify(text))
      }
    })

    it('keeps lone surrogates exactly, short and long', () => {
      for (const text of ['\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', `${'x'.repeat(40)}\ud83d`,
        `\ude00${'y'.repeat(40)}`, '😀\ud800'.repeat(30)]) {
        const decoded = roundTrip(text) as string
        assert.equal(decoded.length, text.length)
        assert.equal(decoded, text, JSON.stringify(text))
      }
    })

    it('refers to a short string already sent in the same buffer instead of repeating it', () => {
      const first = encodedSize({ channel: 'channel-1' })
      const { bytes, view } = aBuffer()
      const encoder = new ValueEncoder()
      encoder.reset()
      const end1 = encoder.encode({ channel: 'channel-1' }, bytes, view, 0, bytes.length)
      const end2 = encoder.encode({ channel: 'channel-1' }, bytes, view, end1, bytes.length)
      assert.equal(end1, first)
      assert.equal(end2 - end1, 2, 'a shape reference and a string reference')
      const decoded = decodeAll([{ buffer: { bytes, view }, length: end2 }])
      assert.deepStrictEqual(decoded, [{ channel: 'channel-1' }, { channel: 'channel-1' }])
    })

    it('round-trips more distinct short strings than the one-byte string references can address', () => {
      const values = Array.from({ length: 3000 }, (_, i) => [`s${i}`, `s${i % 100}`, `s${(i * 7) % 3000}`])
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
    })

    it('round-trips many unrelated short strings (after the string table switches itself off)', () => {
      const values = Array.from({ length: 5000 }, (_, i) => `unique-${i}-${(i * 2654435761) >>> 0}`)
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
    })
  })

  describe('other scalars', () => {
    it('round-trips booleans, null and undefined', () => {
      for (const value of [true, false, null, undefined]) assert.equal(roundTrip(value), value)
      assertRoundTrips({ t: true, f: false, n: null, u: undefined })
      assertRoundTrips([true, false, null, undefined])
    })

    it('round-trips bigints of every size and sign', () => {
      for (const value of [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n,
        -(2n ** 200n) + 12345n, 10n ** 100n, 0xdeadbeefn]) {
        assert.equal(roundTrip(value), value, `round trip of ${value}`)
      }
    })

    it('round-trips a Date, an invalid Date and a Uint8Array (copied out of the network buffer)', () => {
      assertRoundTrips(new Date(1_700_000_000_123))
      assert.ok(Number.isNaN((roundTrip(new Date(Number.NaN)) as Date).getTime()))
      assertRoundTrips(new Uint8Array([0, 1, 2, 255]))
      assertRoundTrips(new Uint8Array(0))
      assertRoundTrips({ payload: new Uint8Array(300).fill(7) })
      // a Buffer arrives as a plain Uint8Array
      assert.deepStrictEqual(roundTrip(Buffer.from('hi')), new Uint8Array([104, 105]))
    })
  })

  describe('arrays and objects', () => {
    it('round-trips empty, nested and long arrays', () => {
      assertRoundTrips([])
      assertRoundTrips([[], [[]], [[[1]]]])
      assertRoundTrips(Array.from({ length: 200 }, (_, i) => i * 1.5))
      assertRoundTrips(Array.from({ length: 5000 }, (_, i) => i))
      assertRoundTrips([1, 'two', { three: 3 }, [4], null, undefined, true, -0.25])
    })

    it('sends a sparse array dense, its holes as undefined', () => {
      // eslint-disable-next-line no-sparse-arrays
      assert.deepStrictEqual(roundTrip([1, , 3]), [1, undefined, 3])
    })

    it('round-trips empty, nested and wide objects', () => {
      assertRoundTrips({})
      assertRoundTrips({ a: {}, b: { c: { d: { e: 'deep' } } } })
      assertRoundTrips(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key${i}`, i])))
      assertRoundTrips({ items: [{ id: 1, tags: ['a', 'b'] }, { id: 2, tags: [] }], owner: { name: 'x', age: 3 } })
    })

    it('round-trips unusual keys: integer-like, empty, non-ASCII, lone surrogates, __proto__', () => {
      assertRoundTrips({ 2: 'two', 1: 'one', b: 'b', a: 'a' })
      assertRoundTrips({ '': 1, ' ': 2, 'ключ': 3, '😀': 4, 'a\ud800': 5, ['long'.repeat(100)]: 6 })
      const withProto = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>
      for (let i = 0; i < 40; i++) {
        // enough times to exercise the compiled object literal, too
        const decoded = roundTrip(withProto) as Record<string, unknown>
        assert.equal(Object.getPrototypeOf(decoded), Object.prototype)
        assert.deepStrictEqual(Object.keys(decoded), ['__proto__', 'x'])
        assert.deepStrictEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { polluted: true })
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined)
    })

    it('keeps the key order of objects with the same keys in a different order', () => {
      const values = [{ a: 1, b: 2 }, { b: 3, a: 4 }, { a: 5, b: 6 }, { b: 7, a: 8 }]
      const decoded = decodeAll(encodeAll(values)) as object[]
      assert.deepStrictEqual(decoded, values)
      assert.deepStrictEqual(decoded.map((o) => Object.keys(o)), [['a', 'b'], ['b', 'a'], ['a', 'b'], ['b', 'a']])
    })

    it('distinguishes shapes that are prefixes of each other', () => {
      const values = [{ a: 1 }, { a: 1, b: 2 }, { a: 1, b: 2, c: 3 }, { a: 1, b: 2 }, { a: 1 }, {}, { b: 1 }]
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
    })

    it('defines a repeated shape once per buffer and refers to it afterwards', () => {
      const bid = { auction: 1000, bidder: 2001, price: 12, channel: 'Google' }
      const { bytes, view } = aBuffer()
      const encoder = new ValueEncoder()
      encoder.reset()
      const end1 = encoder.encode(bid, bytes, view, 0, bytes.length)
      const end2 = encoder.encode(bid, bytes, view, end1, bytes.length)
      const end3 = encoder.encode({ ...bid, channel: 'Baidu' }, bytes, view, end2, bytes.length)
      assert.ok(end2 - end1 < end1 / 2, `the second record (${end2 - end1} bytes) repeats no key names (first: ${end1})`)
      assert.equal(end2 - end1, 1 + 3 + 3 + 1 + 1)
      assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: end3 }]),
        [bid, bid, { ...bid, channel: 'Baidu' }])
      // in a new buffer the shape is defined again, so every buffer decodes on its own
      encoder.reset()
      const other = aBuffer()
      assert.equal(encoder.encode(bid, other.bytes, other.view, 0, other.bytes.length), end1)
    })

    it('round-trips more shapes in one buffer than the one-byte shape references can address', () => {
      const values = Array.from({ length: 2000 }, (_, i) => ({ [`k${i % 300}`]: i, tail: { [`t${i % 50}`]: [i] } }))
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
      assert.deepStrictEqual(decodeAll(encodeAll(values, 1024 * 1024)), values)
    })

    it('builds decoded objects of a hot shape identically before and after it is compiled', () => {
      const values = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `n${i}`, nested: { id: i, ok: i % 2 === 0 } }))
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
      assert.deepStrictEqual(decodeAll(encodeAll(values)), values)
    })

    it('round-trips objects without a prototype as plain objects', () => {
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1, y: 'y' })
      assert.deepStrictEqual(roundTrip(bare), { x: 1, y: 'y' })
    })

    it('accepts 64 levels of nesting', () => {
      let value: unknown = 'leaf'
      for (let i = 0; i < 64; i++) value = i % 2 === 0 ? [value] : { v: value }
      assertRoundTrips(value)
    })
  })

  describe('many records in one buffer', () => {
    it('decodes every record in order from a shared or unshared buffer', () => {
      for (const isShared of [false, true]) {
        const { bytes, view } = aBuffer(SEGMENT_SIZE_BYTES, isShared)
        const encoder = new ValueEncoder()
        encoder.reset()
        const values = Array.from({ length: 200 }, (_, i) =>
          ({ i, s: `v${i % 7}`, arr: [i, -i], f: i / 3, long: 'L'.repeat(32 + i % 5), utf8: `ü${i}`.repeat(20), odd: `\ud800${i}` }))
        let position = 0
        for (const value of values) position = encoder.encode(value, bytes, view, position, bytes.length)
        assert.ok(position > 0)
        assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: position }]), values)
      }
    })

    it('writes at any offset of a buffer and decodes from a view that starts inside a larger buffer', () => {
      const memory = new ArrayBuffer(4096)
      const bytes = new Uint8Array(memory, 100, 1000)
      const view = new DataView(memory, 100, 1000)
      const encoder = new ValueEncoder()
      encoder.reset()
      const value = { x: 3.25, s: 'x'.repeat(40), n: -40_000, b: 2n ** 70n }
      const end = encoder.encode(value, bytes, view, 9, 1000)
      const decoder = new ValueDecoder()
      decoder.reset()
      assert.deepStrictEqual(decoder.decode(bytes, view, 9), value)
      assert.equal(decoder.offset, end)
    })
  })

  describe('a value that does not fit', () => {
    it('returns -1, leaves earlier records intact and fits after reset() into a fresh buffer', () => {
      const encoder = new ValueEncoder()
      const decoder = new ValueDecoder()
      const records = Array.from({ length: 5000 }, (_, i) =>
        ({ id: i, name: `name-${i % 13}`, note: i % 17 === 0 ? 'n'.repeat(i % 400) : `#${i}`, tags: [{ t: i % 3 }] }))
      let buffer = aBuffer(1024)
      let position = 0
      let decodedCount = 0
      const checkBuffer = (length: number): void => {
        decoder.reset()
        let at = 0
        while (at < length) {
          assert.deepStrictEqual(decoder.decode(buffer.bytes, buffer.view, at), records[decodedCount++])
          at = decoder.offset
        }
        assert.equal(at, length)
      }
      let fullBuffers = 0
      encoder.reset()
      for (const record of records) {
        const before = buffer.bytes.slice(0, position)
        let end = encoder.encode(record, buffer.bytes, buffer.view, position, buffer.bytes.length)
        if (end === -1) {
          assert.deepStrictEqual(buffer.bytes.slice(0, position), before, 'a failed write must not touch earlier records')
          checkBuffer(position)
          fullBuffers++
          buffer = aBuffer(1024)
          position = 0
          encoder.reset()
          end = encoder.encode(record, buffer.bytes, buffer.view, 0, buffer.bytes.length)
        }
        assert.ok(end > position)
        position = end
      }
      checkBuffer(position)
      assert.equal(decodedCount, records.length)
      assert.ok(fullBuffers > 50)
    })

    it('forgets the shapes and strings a failed write defined, so the next record in the same buffer defines them', () => {
      const encoder = new ValueEncoder()
      const { bytes, view } = aBuffer(256)
      encoder.reset()
      const small = encoder.encode({ a: 1 }, bytes, view, 0, 256)
      // defines shape {fresh, big} and the string 'label' before running out of room
      assert.equal(encoder.encode({ fresh: 'label', big: 'x'.repeat(300) }, bytes, view, small, 256), -1)
      // the same shape and string again, now fitting: must carry their definitions
      const end = encoder.encode({ fresh: 'label', big: 'y' }, bytes, view, small, 256)
      const end2 = encoder.encode({ fresh: 'label', big: 'z' }, bytes, view, end, 256)
      assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: end2 }]),
        [{ a: 1 }, { fresh: 'label', big: 'y' }, { fresh: 'label', big: 'z' }])
    })

    it('returns -1 at every limit below the encoded size and the exact size at the limit', () => {
      const values: unknown[] = [
        { auction: 1, bidder: 2, price: 3.5, channel: 'Apple', url: 'https://www.nexmark.com/' + 'x'.repeat(40), extra: 'é😀\ud800' },
        [1, 300, 70_000, 1.5, -0, 'abc', '日本', 'x'.repeat(33), 2n ** 70n, -(2n ** 10n), new Date(5), new Uint8Array(4), null],
        'é'.repeat(100), '\ud800'.repeat(40), { [`k${'ü'.repeat(200)}`]: { nested: [[], {}] } },
      ]
      for (const value of values) {
        const size = encodedSize(value)
        assert.ok(size > 0)
        const encoder = new ValueEncoder()
        const { bytes, view } = aBuffer(size + 16)
        for (let limit = 0; limit < size; limit++) {
          encoder.reset()
          assert.equal(encoder.encode(value, bytes, view, 0, limit), -1, `limit ${limit} of ${size}`)
          // written bytes beyond the limit would corrupt whatever follows
          for (let i = limit; i < bytes.length; i++) assert.equal(bytes[i], 0, `byte ${i} beyond limit ${limit}`)
        }
        encoder.reset()
        assert.equal(encoder.encode(value, bytes, view, 0, size), size)
        assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: size }]), [value])
        bytes.fill(0)
      }
    })

    it('returns -1 for a record larger than a whole segment and encodes it into a larger buffer', () => {
      // ResultPartition ships such a record in an oversized buffer of its own
      const encoder = new ValueEncoder()
      const huge = { id: 7, body: 'b'.repeat(SEGMENT_SIZE_BYTES), unicode: '😀'.repeat(SEGMENT_SIZE_BYTES / 2) }
      const segment = aBuffer()
      encoder.reset()
      assert.equal(encoder.encode(huge, segment.bytes, segment.view, 0, segment.bytes.length), -1)
      let size = SEGMENT_SIZE_BYTES * 2
      let end = -1
      let buffer = aBuffer(size)
      for (; end < 0; size *= 2) {
        buffer = aBuffer(size)
        encoder.reset()
        end = encoder.encode(huge, buffer.bytes, buffer.view, 0, buffer.bytes.length)
      }
      assert.deepStrictEqual(decodeAll([{ buffer, length: end }]), [huge])
    })

    it('round-trips strings just below, at and above the segment size', () => {
      for (const length of [SEGMENT_SIZE_BYTES - 6, SEGMENT_SIZE_BYTES - 5, SEGMENT_SIZE_BYTES, SEGMENT_SIZE_BYTES * 3]) {
        const text = 'q'.repeat(length)
        const size = 5 + length
        const encoder = new ValueEncoder()
        const segment = aBuffer()
        encoder.reset()
        const end = encoder.encode(text, segment.bytes, segment.view, 0, segment.bytes.length)
        assert.equal(end, size <= SEGMENT_SIZE_BYTES ? size : -1, `length ${length}`)
        assert.equal(roundTrip(text, Math.max(SEGMENT_SIZE_BYTES, size)), text)
      }
    })
  })

  describe('unserializable values', () => {
    it('names the path of a function', () => {
      const error = unserializableError({ items: [1, 2, { fn: () => 1 }] })
      assert.equal(error.path, 'record.items[2].fn')
      assert.match(error.typeName, /^a function/)
      assert.match(error.message, /record\.items\[2\]\.fn/)
      assert.equal(error.code, 'SLUICE_SERIALIZATION_UNSUPPORTED_VALUE')
      assert.equal(error.domain, 'user')
    })

    it('names a symbol, a Map, a Set, a class instance, a typed array and a Promise', () => {
      class Order { constructor(readonly id: number) {} total(): number { return 1 } }
      const cases: [unknown, string, RegExp][] = [
        [{ s: Symbol('tag') }, 'record.s', /symbol/],
        [{ m: new Map([[1, 2]]) }, 'record.m', /a Map/],
        [[new Set()], 'record[0]', /a Set/],
        [{ order: new Order(1) }, 'record.order', /class Order/],
        [{ f: new Float64Array(2) }, 'record.f', /Float64Array/],
        [{ p: Promise.resolve(1) }, 'record.p', /Promise/],
        [{ 'odd key': { e: new Error('x') } }, 'record["odd key"].e', /Error/],
        [() => 1, 'record', /function/],
        [Symbol.iterator, 'record', /symbol/],
      ]
      for (const [value, path, typeName] of cases) {
        const error = unserializableError(value)
        assert.equal(error.path, path)
        assert.match(error.typeName, typeName)
      }
    })

    it('names a cycle', () => {
      const node: Record<string, unknown> = { name: 'a', children: [] }
      ;(node.children as unknown[]).push({ parent: node })
      const error = unserializableError(node)
      assert.equal(error.path, 'record.children[0].parent')
      assert.match(error.typeName, /cycle/)
    })

    it('refuses nesting deeper than 64 levels', () => {
      let value: unknown = 'leaf'
      for (let i = 0; i < 65; i++) value = [value]
      assert.match(unserializableError(value).typeName, /nested more than 64/)
    })

    it('reports the offending part, not a Date deep in the record that precedes it', () => {
      // the Date sits at depth 64, where an array would be refused but a Date is fine
      let deep: unknown = new Date(0)
      for (let i = 0; i < 63; i++) deep = [deep]
      const error = unserializableError([deep, { fn: () => 1 }])
      assert.equal(error.path, 'record[1].fn')
    })

    it('leaves the encoder usable after refusing a record', () => {
      const encoder = new ValueEncoder()
      const { bytes, view } = aBuffer()
      encoder.reset()
      const end1 = encoder.encode({ a: 'x', b: 1 }, bytes, view, 0, bytes.length)
      assert.throws(() => encoder.encode({ a: 'y', z: { c: 'new', m: new Map() } }, bytes, view, end1, bytes.length),
        UnserializableRecordError)
      const end2 = encoder.encode({ a: 'y', z: { c: 'new' } }, bytes, view, end1, bytes.length)
      assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: end2 }]), [{ a: 'x', b: 1 }, { a: 'y', z: { c: 'new' } }])
    })
  })

  describe('a record whose getter throws', () => {
    it('passes the error on and forgets the shapes and strings defined before it', () => {
      const encoder = new ValueEncoder()
      const { bytes, view } = aBuffer()
      encoder.reset()
      const end1 = encoder.encode({ a: 1 }, bytes, view, 0, bytes.length)
      const failing = { first: 'label', inner: { k: 1 }, get broken(): never { throw new TypeError('boom') } }
      assert.throws(() => encoder.encode(failing, bytes, view, end1, bytes.length), /boom/)
      const end2 = encoder.encode({ first: 'label', inner: { k: 2 }, broken: 3 }, bytes, view, end1, bytes.length)
      assert.deepStrictEqual(decodeAll([{ buffer: { bytes, view }, length: end2 }]),
        [{ a: 1 }, { first: 'label', inner: { k: 2 }, broken: 3 }])
    })
  })

  describe('corrupt input', () => {
    it('raises CorruptValueEncodingError for an unknown tag or a reference to an undefined shape or string', () => {
      for (const bytes of [[0xff], [0xa3], [0xc5], [0xf9]]) {
        const buffer = new Uint8Array(bytes)
        const decoder = new ValueDecoder()
        decoder.reset()
        assert.throws(() => decoder.decode(buffer, new DataView(buffer.buffer), 0), CorruptValueEncodingError)
      }
    })

    it('raises CorruptValueEncodingError when the buffer ends inside a value', () => {
      const { bytes, view } = aBuffer()
      const encoder = new ValueEncoder()
      encoder.reset()
      const end = encoder.encode([1, 'abc', { k: 'x'.repeat(50) }], bytes, view, 0, bytes.length)
      for (const cut of [0, 1, 3, end - 1]) {
        const decoder = new ValueDecoder()
        decoder.reset()
        const truncated = bytes.subarray(0, cut)
        assert.throws(() => decoder.decode(truncated, new DataView(bytes.buffer, 0, cut), 0),
          CorruptValueEncodingError, `cut at ${cut}`)
      }
    })
  })
})
