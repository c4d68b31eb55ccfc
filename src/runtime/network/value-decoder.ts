import { CorruptValueEncodingError } from '../../errors.js'
import { readLatin1 } from './value-latin1-reader.js'
import { valueNodeBuffer, type ValueNodeBuffer } from './value-node-buffer.js'
import { decoderShapeFor, type DecoderShape, type ValueReader } from './value-shape-builder.js'
import { SHORT_STRING_MAX_LENGTH, VALUE_TAG as TAG } from './value-tag.js'

const EMPTY_BYTES = new Uint8Array(0)

/** Reads values written by ValueEncoder; one instance per input channel. */
export class ValueDecoder implements ValueReader {
  /** The end of the value read last. */
  offset = 0
  #bytes: Uint8Array = EMPTY_BYTES
  #view: DataView<ArrayBufferLike> = new DataView(EMPTY_BYTES.buffer)
  /** A Buffer over #bytes for the native string readers, made on the first long string of a buffer. */
  #nodeBuffer: ValueNodeBuffer | undefined = undefined
  readonly #shapes: DecoderShape[] = []
  #shapeCount = 0
  readonly #strings: string[] = []
  #stringCount = 0

  /** Forgets the shapes and strings of the previous buffer: call when a new buffer starts. */
  reset(): void {
    this.#shapeCount = 0
    this.#stringCount = 0
  }

  /** Decodes the value at offset; afterwards `this.offset` is the end of the value. */
  decode(bytes: Uint8Array, view: DataView<ArrayBufferLike>, offset: number): unknown {
    if (bytes !== this.#bytes) {
      this.#bytes = bytes
      this.#nodeBuffer = undefined
    }
    this.#view = view
    this.offset = offset
    let value: unknown
    try {
      value = this.readValue()
    } catch (error) {
      // DataView and Buffer reads past the end throw RangeError
      if (error instanceof RangeError) throw new CorruptValueEncodingError(offset, `the value is cut off (${error.message})`)
      throw error
    }
    // bytes past the end read as undefined rather than throwing, which leaves the offset past the end
    if (this.offset > bytes.length) throw new CorruptValueEncodingError(offset, `the value is cut off at byte ${bytes.length}`)
    return value
  }

  /** Reads the value at this.offset and moves past it; compiled shape builders call it for each property, in key order. */
  readValue(): unknown {
    const offset = this.offset
    const tag = this.#bytes[offset]!
    if (tag < TAG.FIXINT_END) {
      this.offset = offset + 1
      return tag
    }
    switch (tag >>> 5) {
      case 4: { // FIXSTR
        const length = tag & 31
        const text = readLatin1(this.#bytes, offset + 1, length)
        this.offset = offset + 1 + length
        this.#strings[this.#stringCount++] = text
        return text
      }
      case 5: // SHAPE_REF
        this.offset = offset + 1
        return this.#buildObject(this.#knownShape(tag & 31))
      case 6: // STRING_REF
        this.offset = offset + 1
        return this.#knownString(tag & 31)
      default:
        return this.#readTagged(tag, offset)
    }
  }

  #readTagged(tag: number, offset: number): unknown {
    const view = this.#view
    switch (tag) {
      case TAG.FLOAT64:
        this.offset = offset + 9
        return view.getFloat64(offset + 1, true)
      case TAG.INT32:
        this.offset = offset + 5
        return view.getInt32(offset + 1, true)
      case TAG.INT16:
        this.offset = offset + 3
        return view.getInt16(offset + 1, true)
      case TAG.LATIN1_32:
        return this.#readLongString(offset, 1)
      case TAG.UTF8_32:
        return this.#readLongString(offset, 2)
      case TAG.UTF16_32:
        return this.#readLongString(offset, 3)
      case TAG.NULL:
        this.offset = offset + 1
        return null
      case TAG.UNDEFINED:
        this.offset = offset + 1
        return undefined
      case TAG.FALSE:
        this.offset = offset + 1
        return false
      case TAG.TRUE:
        this.offset = offset + 1
        return true
      case TAG.LATIN1_8: {
        const length = this.#bytes[offset + 1]!
        const start = offset + 2
        this.offset = start + length
        return length <= SHORT_STRING_MAX_LENGTH
          ? readLatin1(this.#bytes, start, length)
          : this.#stringBuffer().latin1Slice(start, start + length)
      }
      case TAG.STRING_REF_16:
        this.offset = offset + 3
        return this.#knownString(view.getUint16(offset + 1, true))
      case TAG.SHAPE_REF_VAR:
        this.offset = offset + 1
        return this.#buildObject(this.#knownShape(this.#readVarUint()))
      case TAG.SHAPE_DEFINITION:
        this.offset = offset + 1
        return this.#buildObject(this.#readShapeDefinition())
      case TAG.ARRAY: {
        this.offset = offset + 1
        const length = this.#readVarUint()
        const array: unknown[] = []
        for (let i = 0; i < length; i++) array.push(this.readValue())
        return array
      }
      case TAG.DATE:
        this.offset = offset + 9
        return new Date(view.getFloat64(offset + 1, true))
      case TAG.BIGINT_64:
        this.offset = offset + 9
        return view.getBigInt64(offset + 1, true)
      case TAG.BIGINT_HEX:
        return this.#readBigHex(offset)
      case TAG.BYTES: {
        this.offset = offset + 1
        const length = this.#readVarUint()
        const start = this.offset
        this.offset = start + length
        // a copy: the network buffer is recycled once read
        return this.#bytes.slice(start, start + length)
      }
      default:
        throw new CorruptValueEncodingError(offset, tag === undefined ? 'the value is cut off' : `unknown value tag ${tag}`)
    }
  }

  /** kind: 1 Latin-1, 2 UTF-8, 3 UTF-16LE; all carry a uint32 length (bytes, or code units for UTF-16). */
  #readLongString(offset: number, kind: number): string {
    const length = this.#view.getUint32(offset + 1, true)
    const start = offset + 5
    const buffer = this.#stringBuffer()
    if (kind === 1) {
      this.offset = start + length
      return buffer.latin1Slice(start, start + length)
    }
    if (kind === 2) {
      this.offset = start + length
      return buffer.utf8Slice(start, start + length)
    }
    this.offset = start + 2 * length
    return buffer.ucs2Slice(start, start + 2 * length)
  }

  #readBigHex(offset: number): bigint {
    this.offset = offset + 1
    const digitCount = this.#readVarUint()
    const isNegative = this.#bytes[this.offset] === 1
    const start = this.offset + 1
    this.offset = start + digitCount
    const magnitude = BigInt('0x' + this.#stringBuffer().latin1Slice(start, start + digitCount))
    return isNegative ? -magnitude : magnitude
  }

  #readShapeDefinition(): DecoderShape {
    const length = this.#readVarUint()
    const start = this.offset
    const end = start + length
    if (end > this.#bytes.length) throw new CorruptValueEncodingError(start, 'a shape definition is cut off')
    const shape = decoderShapeFor(this.#stringBuffer(), this.#bytes, start, end)
    // registered before the values are read: a nested object may already refer to this shape
    this.#shapes[this.#shapeCount++] = shape
    this.offset = end
    return shape
  }

  #buildObject(shape: DecoderShape): object {
    const build = shape.build
    if (build !== undefined) return build(this)
    shape.countGenericBuild()
    const object: Record<string, unknown> = {}
    for (const key of shape.keys) {
      const value = this.readValue()
      // assigning `__proto__` would replace the prototype instead of defining a property
      if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
      else object[key] = value
    }
    return object
  }

  #knownShape(id: number): DecoderShape {
    if (id >= this.#shapeCount) throw new CorruptValueEncodingError(this.offset - 1, `shape ${id} was never defined in this buffer`)
    return this.#shapes[id]!
  }

  #knownString(id: number): string {
    if (id >= this.#stringCount) throw new CorruptValueEncodingError(this.offset - 1, `string ${id} was never defined in this buffer`)
    return this.#strings[id]!
  }

  #readVarUint(): number {
    const bytes = this.#bytes
    let offset = this.offset
    let byte = bytes[offset++]!
    let value = byte & 0x7f
    let shift = 7
    while (byte >= 0x80) {
      byte = bytes[offset++]!
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
    }
    this.offset = offset
    return value
  }

  #stringBuffer(): ValueNodeBuffer {
    return this.#nodeBuffer ??= valueNodeBuffer(this.#bytes)
  }
}
