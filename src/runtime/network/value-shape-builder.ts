import type { ValueNodeBuffer } from './value-node-buffer.js'

// A shape is compiled once it has built this many objects: one-off shapes (data-dependent keys)
// never pay the ~50 µs of compiling, and a record type seen in every buffer compiles almost at once.
const COMPILE_AFTER_OBJECTS = 16
// Beyond this many keys an object is a dictionary rather than a record type: no literal for it.
const MAX_COMPILED_KEYS = 128
// Shapes are cached for the worker's lifetime, since every buffer redefines the shapes it uses.
const MAX_CACHED_SHAPES = 4096

/** Where a compiled shape reads its property values from: the decoder (an interface, so the two do not import each other). */
export interface ValueReader {
  readValue(): unknown
}

/** Builds one object of a shape, reading its property values from the decoder in key order. */
export type ShapeBuildFunction = (decoder: ValueReader) => object

/** How decoders build objects of one ordered key list, shared by every decoder in the worker. */
export class DecoderShape {
  /** Objects built by the decoder's generic loop so far; counts towards compiling. */
  uses = 0
  /**
   * An object literal compiled for this key list, so every object of the shape gets the same hidden
   * class at allocation; undefined until compiled (or when compiling is impossible).
   */
  build: ShapeBuildFunction | undefined = undefined
  isCompileAttempted = false

  constructor(readonly keys: readonly string[]) {}

  /** Counts one generically built object; compiles the literal once the shape has proven hot. */
  countGenericBuild(): void {
    if (++this.uses < COMPILE_AFTER_OBJECTS || this.isCompileAttempted) return
    this.isCompileAttempted = true
    this.build = compileShapeBuild(this.keys)
  }
}

const decoderShapes = new Map<string, DecoderShape>()

/**
 * The DecoderShape for a SHAPE_DEFINITION payload at bytes[start..end). The payload read as Latin-1
 * is the cache key: one native slice and one Map lookup per shape and buffer instead of decoding
 * every key name again.
 */
export function decoderShapeFor(nodeBuffer: ValueNodeBuffer, bytes: Uint8Array, start: number, end: number): DecoderShape {
  const signature = nodeBuffer.latin1Slice(start, end)
  let shape = decoderShapes.get(signature)
  if (shape === undefined) {
    if (decoderShapes.size >= MAX_CACHED_SHAPES) decoderShapes.clear()
    shape = new DecoderShape(parseShapeDefinition(nodeBuffer, bytes, start, end))
    decoderShapes.set(signature, shape)
  }
  return shape
}

// see EncoderShape.definition for the layout
function parseShapeDefinition(nodeBuffer: ValueNodeBuffer, bytes: Uint8Array, start: number, end: number): string[] {
  let offset = start
  const readVarUint = (): number => {
    let value = 0
    let shift = 0
    let byte: number
    do {
      byte = bytes[offset++]!
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
    } while (byte >= 0x80 && offset < end)
    return value
  }
  const count = readVarUint()
  const keys: string[] = []
  for (let i = 0; i < count && offset < end; i++) {
    const header = readVarUint()
    const length = Math.floor(header / 2)
    keys.push(header % 2 === 0
      ? nodeBuffer.utf8Slice(offset, offset + length)
      : nodeBuffer.ucs2Slice(offset, offset + length))
    offset += length
  }
  return keys
}

function compileShapeBuild(keys: readonly string[]): ShapeBuildFunction | undefined {
  if (keys.length > MAX_COMPILED_KEYS) return undefined
  // JSON.stringify makes every key a safe string literal; `__proto__` must be a computed key,
  // since as a plain literal key it would set the prototype instead of defining a property
  const properties = keys.map((key) =>
    `${key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key)}: d.readValue()`)
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the literal is built from JSON-quoted keys only
    return new Function('d', `return {${properties.join(', ')}}`) as ShapeBuildFunction
  } catch {
    // code generation disallowed (--disallow-code-generation-from-strings): keep the generic loop
    return undefined
  }
}
