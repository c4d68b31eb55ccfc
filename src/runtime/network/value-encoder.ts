import { UnserializableRecordError } from '../../errors.js'
import { valueNodeBuffer, type ValueNodeBuffer } from './value-node-buffer.js'
import { ValueShapeTrie, type EncoderShape } from './value-shape-trie.js'
import { MAX_VALUE_DEPTH, SHORT_STRING_MAX_LENGTH, STRING_TABLE_CAPACITY, VALUE_TAG as TAG } from './value-tag.js'
import { findUnserializablePart } from './value-unserializable-part.js'
import { isWellFormed } from './value-well-formed.js'

// Results of the internal writers besides an end offset; both unwind the whole record.
const NO_SPACE = -1
const UNSUPPORTED = -2

// The string table pays a Map lookup per short string; it is switched off for the rest of a buffer
// when, after this many lookups, fewer than one in STRING_TABLE_MIN_HIT_RATIO hit.
const STRING_TABLE_PROBE_LOOKUPS = 64
const STRING_TABLE_MIN_HIT_RATIO = 8

const OBJECT_PROTOTYPE = Object.prototype
const ARRAY_PROTOTYPE = Array.prototype
const DATE_PROTOTYPE = Date.prototype
const UINT8ARRAY_PROTOTYPE = Uint8Array.prototype
const BUFFER_PROTOTYPE = Buffer.prototype
const getPrototypeOf = Object.getPrototypeOf
const EMPTY_BYTES = new Uint8Array(0)

/** Writes values into a caller-owned byte range; one instance per output channel (its shape table is scoped to one buffer). */
export class ValueEncoder {
  #bytes: Uint8Array = EMPTY_BYTES
  #view: DataView<ArrayBufferLike> = new DataView(EMPTY_BYTES.buffer)
  #limit = 0
  /** A Buffer over #bytes for the native UTF-8 writer, made on the first long string of a buffer. */
  #nodeBuffer: ValueNodeBuffer | undefined = undefined
  /** Counts buffers: a shape whose epoch differs has not been defined in the current buffer. */
  #epoch = 0
  readonly #shapeTrie = new ValueShapeTrie()
  readonly #definedShapes: EncoderShape[] = []
  #shapeCount = 0
  readonly #stringIds = new Map<string, number>()
  readonly #strings: string[] = []
  #stringCount = 0
  #isStringTableOn = true
  #stringLookups = 0
  #stringHits = 0

  /** Forget all shapes: call when a new buffer starts, since each buffer is decoded independently. */
  reset(): void {
    this.#epoch++
    this.#shapeCount = 0
    if (this.#stringCount > 0) this.#stringIds.clear()
    this.#stringCount = 0
    this.#isStringTableOn = true
    this.#stringLookups = 0
    this.#stringHits = 0
    this.#shapeTrie.trimIfOversized()
  }

  /** Encodes value at bytes[offset..limit). Returns the end offset, or -1 if it does not fit before limit (nothing valid is left behind; the caller retries in a fresh buffer after calling reset()). */
  encode(value: unknown, bytes: Uint8Array, view: DataView<ArrayBufferLike>, offset: number, limit: number): number {
    if (bytes !== this.#bytes) {
      this.#bytes = bytes
      this.#nodeBuffer = undefined
    }
    this.#view = view
    this.#limit = limit < bytes.length ? limit : bytes.length
    const shapeMark = this.#shapeCount
    const stringMark = this.#stringCount
    let end: number
    try {
      end = this.#write(value, offset, 0)
    } catch (error) {
      // a getter of the record threw: its shapes and strings must not outlive the abandoned bytes either
      this.#rollBack(shapeMark, stringMark)
      throw error
    }
    if (end >= 0) return end
    // the bytes written so far are abandoned, so the tables must not remember what they defined
    this.#rollBack(shapeMark, stringMark)
    if (end === UNSUPPORTED) throw unserializable(value)
    return NO_SPACE
  }

  #write(value: unknown, offset: number, depth: number): number {
    if (typeof value === 'string') return this.#writeString(value, offset)
    if (typeof value === 'number') return this.#writeNumber(value, offset)
    if (typeof value === 'object') {
      if (value === null) return this.#writeTag(TAG.NULL, offset)
      const prototype: unknown = getPrototypeOf(value)
      if (prototype === OBJECT_PROTOTYPE || prototype === null) return this.#writeObject(value, offset, depth)
      if (prototype === ARRAY_PROTOTYPE) return this.#writeArray(value as readonly unknown[], offset, depth)
      if (prototype === DATE_PROTOTYPE) return this.#writeFloat64(TAG.DATE, (value as Date).getTime(), offset)
      if (prototype === UINT8ARRAY_PROTOTYPE || prototype === BUFFER_PROTOTYPE) return this.#writeBytes(value as Uint8Array, offset)
      return UNSUPPORTED
    }
    if (typeof value === 'boolean') return this.#writeTag(value ? TAG.TRUE : TAG.FALSE, offset)
    if (value === undefined) return this.#writeTag(TAG.UNDEFINED, offset)
    if (typeof value === 'bigint') return this.#writeBigInt(value, offset)
    return UNSUPPORTED
  }

  #writeObject(object: object, offset: number, depth: number): number {
    if (depth >= MAX_VALUE_DEPTH) return UNSUPPORTED
    // one trie step per key: a pointer compare against the key seen last time at this position
    const trie = this.#shapeTrie
    let node = trie.root
    for (const key in object) node = node.key === key ? node.child! : trie.step(node, key)
    const shape = node.shape ?? trie.shapeAt(node, object)
    let end: number
    if (shape.epoch !== this.#epoch) end = this.#defineShape(shape, offset)
    else if (shape.id < 32) end = this.#writeTag(TAG.SHAPE_REF | shape.id, offset)
    else end = this.#writeTagAndVarUint(TAG.SHAPE_REF_VAR, shape.id, offset)
    const childDepth = depth + 1
    for (const key in object) {
      if (end < 0) return end
      end = this.#write((object as Record<string, unknown>)[key], end, childDepth)
    }
    return end
  }

  #defineShape(shape: EncoderShape, offset: number): number {
    const definition = shape.definition
    const start = this.#writeTagAndVarUint(TAG.SHAPE_DEFINITION, definition.length, offset)
    if (start < 0 || start + definition.length > this.#limit) return NO_SPACE
    this.#bytes.set(definition, start)
    shape.epoch = this.#epoch
    shape.id = this.#shapeCount
    this.#definedShapes[this.#shapeCount++] = shape
    return start + definition.length
  }

  #writeArray(array: readonly unknown[], offset: number, depth: number): number {
    if (depth >= MAX_VALUE_DEPTH) return UNSUPPORTED
    const length = array.length
    let end = this.#writeTagAndVarUint(TAG.ARRAY, length, offset)
    const childDepth = depth + 1
    // holes read as undefined, so a sparse array arrives dense
    for (let i = 0; i < length && end >= 0; i++) end = this.#write(array[i], end, childDepth)
    return end
  }

  #writeNumber(value: number, offset: number): number {
    // -0 passes the int32 test but must keep its sign, so it goes as a float64
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      if (value >= 0 && value < TAG.FIXINT_END) {
        if (offset >= this.#limit) return NO_SPACE
        this.#bytes[offset] = value
        return offset + 1
      }
      if (value >= -0x8000 && value < 0x8000) {
        if (offset + 3 > this.#limit) return NO_SPACE
        this.#bytes[offset] = TAG.INT16
        this.#view.setInt16(offset + 1, value, true)
        return offset + 3
      }
      if (offset + 5 > this.#limit) return NO_SPACE
      this.#bytes[offset] = TAG.INT32
      this.#view.setInt32(offset + 1, value, true)
      return offset + 5
    }
    return this.#writeFloat64(TAG.FLOAT64, value, offset)
  }

  #writeFloat64(tag: number, value: number, offset: number): number {
    if (offset + 9 > this.#limit) return NO_SPACE
    this.#bytes[offset] = tag
    this.#view.setFloat64(offset + 1, value, true)
    return offset + 9
  }

  #writeString(text: string, offset: number): number {
    const length = text.length
    if (length > SHORT_STRING_MAX_LENGTH) return this.#writeLongString(text, offset)
    let isTabled = this.#isStringTableOn
    if (isTabled) {
      const id = this.#stringIds.get(text)
      this.#stringLookups++
      if (id !== undefined) {
        this.#stringHits++
        if (id < 32) return this.#writeTag(TAG.STRING_REF | id, offset)
        if (offset + 3 > this.#limit) return NO_SPACE
        this.#bytes[offset] = TAG.STRING_REF_16
        this.#view.setUint16(offset + 1, id, true)
        return offset + 3
      }
      if (this.#stringCount >= STRING_TABLE_CAPACITY) {
        isTabled = false
      } else if (this.#stringLookups >= STRING_TABLE_PROBE_LOOKUPS &&
        this.#stringHits * STRING_TABLE_MIN_HIT_RATIO < this.#stringLookups) {
        this.#isStringTableOn = false
        isTabled = false
      }
    }
    // a FIXSTR (always tabled) has its length in the tag; LATIN1_8 needs a length byte
    const start = isTabled ? offset + 1 : offset + 2
    if (start + length > this.#limit) return NO_SPACE
    const bytes = this.#bytes
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i)
      if (unit > 0xff) return this.#writeLongString(text, offset)
      bytes[start + i] = unit
    }
    if (isTabled) {
      bytes[offset] = TAG.FIXSTR | length
      this.#stringIds.set(text, this.#stringCount)
      this.#strings[this.#stringCount++] = text
    } else {
      bytes[offset] = TAG.LATIN1_8
      bytes[offset + 1] = length
    }
    return start + length
  }

  /** Long strings and non-Latin-1 ones: one native UTF-8 write (cheaper than a loop beyond ~30 characters). */
  #writeLongString(text: string, offset: number): number {
    const length = text.length
    const start = offset + 5
    const room = this.#limit - start
    // UTF-8 needs at least one byte and at most three per UTF-16 code unit
    if (room < length) return NO_SPACE
    if (room < 3 * length && Buffer.byteLength(text, 'utf8') > room) {
      // a lone surrogate takes 3 bytes in UTF-8 but goes as 2 in UTF-16, which may still fit
      return isWellFormed(text) ? NO_SPACE : this.#writeUtf16(text, offset)
    }
    this.#nodeBuffer ??= valueNodeBuffer(this.#bytes)
    const written = this.#nodeBuffer.utf8Write(text, start, room)
    if (written === length) {
      // as many bytes as code units: pure ASCII, which the decoder reads fastest as Latin-1
      this.#bytes[offset] = TAG.LATIN1_32
    } else if (isWellFormed(text)) {
      this.#bytes[offset] = TAG.UTF8_32
    } else {
      return this.#writeUtf16(text, offset)
    }
    this.#view.setUint32(offset + 1, written, true)
    return start + written
  }

  /** Strings with lone surrogates, which UTF-8 would replace with U+FFFD: code units kept as they are. */
  #writeUtf16(text: string, offset: number): number {
    const length = text.length
    const start = offset + 5
    if (start + 2 * length > this.#limit) return NO_SPACE
    const bytes = this.#bytes
    bytes[offset] = TAG.UTF16_32
    this.#view.setUint32(offset + 1, length, true)
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i)
      bytes[start + 2 * i] = unit & 0xff
      bytes[start + 2 * i + 1] = unit >>> 8
    }
    return start + 2 * length
  }

  #writeBigInt(value: bigint, offset: number): number {
    if (BigInt.asIntN(64, value) === value) {
      if (offset + 9 > this.#limit) return NO_SPACE
      this.#bytes[offset] = TAG.BIGINT_64
      this.#view.setBigInt64(offset + 1, value, true)
      return offset + 9
    }
    const isNegative = value < 0n
    const digits = (isNegative ? -value : value).toString(16)
    const start = this.#writeTagAndVarUint(TAG.BIGINT_HEX, digits.length, offset)
    if (start < 0 || start + 1 + digits.length > this.#limit) return NO_SPACE
    const bytes = this.#bytes
    bytes[start] = isNegative ? 1 : 0
    for (let i = 0; i < digits.length; i++) bytes[start + 1 + i] = digits.charCodeAt(i)
    return start + 1 + digits.length
  }

  #writeBytes(value: Uint8Array, offset: number): number {
    const start = this.#writeTagAndVarUint(TAG.BYTES, value.length, offset)
    if (start < 0 || start + value.length > this.#limit) return NO_SPACE
    this.#bytes.set(value, start)
    return start + value.length
  }

  #writeTag(tag: number, offset: number): number {
    if (offset >= this.#limit) return NO_SPACE
    this.#bytes[offset] = tag
    return offset + 1
  }

  #writeTagAndVarUint(tag: number, value: number, offset: number): number {
    // a varint holds 7 bits per byte: 5 bytes cover every array length and id
    if (offset + 6 > this.#limit && offset + 1 + varUintSize(value) > this.#limit) return NO_SPACE
    const bytes = this.#bytes
    bytes[offset++] = tag
    while (value >= 0x80) {
      bytes[offset++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    bytes[offset++] = value
    return offset
  }

  #rollBack(shapeMark: number, stringMark: number): void {
    for (let id = shapeMark; id < this.#shapeCount; id++) this.#definedShapes[id]!.epoch = -1
    this.#shapeCount = shapeMark
    for (let id = stringMark; id < this.#stringCount; id++) this.#stringIds.delete(this.#strings[id]!)
    this.#stringCount = stringMark
  }
}

function varUintSize(value: number): number {
  let size = 1
  while (value >= 0x80) {
    value >>>= 7
    size++
  }
  return size
}

function unserializable(value: unknown): UnserializableRecordError {
  // findUnserializablePart mirrors the encoder's rules; the fallback only guards against them drifting apart
  const part = findUnserializablePart(value) ??
    { path: 'record', typeName: 'a value of an unsupported type', fix: 'send plain data only' }
  return new UnserializableRecordError(part.path, part.typeName, part.fix)
}
