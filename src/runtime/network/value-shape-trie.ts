import { isWellFormed } from './value-well-formed.js'

// records with data-dependent keys would otherwise grow the trie without bound
const MAX_TRIE_NODES = 16_384

/** The ordered key list of plain objects, as the encoder knows it across buffers. */
export class EncoderShape {
  /** The buffer epoch in which this shape was last defined; its id is valid only in that epoch. */
  epoch = -1
  /** The shape id in the buffer of `epoch`. */
  id = 0

  /** The SHAPE_DEFINITION payload, built once and copied into every buffer that uses the shape. */
  readonly definition: Uint8Array

  constructor(readonly keys: readonly string[]) {
    this.definition = encodeShapeDefinition(keys)
  }
}

/** One step of the trie: the shape of the keys walked so far, and the steps to longer key lists. */
export class ShapeTrieNode {
  /** The first key seen after this prefix, kept inline because most prefixes have a single successor. */
  key: string | undefined = undefined
  child: ShapeTrieNode | undefined = undefined
  /** Every other successor. */
  others: Map<string, ShapeTrieNode> | undefined = undefined
  shape: EncoderShape | undefined = undefined
}

/**
 * Maps an object's ordered key list to its EncoderShape by walking one trie step per key. The
 * encoder does the walk inline (a pointer compare per key on the fast path, since keys from for-in
 * are internalized strings); this class holds the slow paths and bounds the trie's memory.
 */
export class ValueShapeTrie {
  root = new ShapeTrieNode()
  #nodeCount = 0

  /** The successor of node for key, created on first sight. */
  step(node: ShapeTrieNode, key: string): ShapeTrieNode {
    if (node.key === undefined) {
      const child = new ShapeTrieNode()
      node.key = key
      node.child = child
      this.#nodeCount++
      return child
    }
    if (node.key === key) return node.child!
    node.others ??= new Map()
    let child = node.others.get(key)
    if (child === undefined) {
      child = new ShapeTrieNode()
      node.others.set(key, child)
      this.#nodeCount++
    }
    return child
  }

  /** The shape stored at node, created from the object's own keys on first sight. */
  shapeAt(node: ShapeTrieNode, object: object): EncoderShape {
    if (node.shape !== undefined) return node.shape
    const keys: string[] = []
    for (const key in object) keys.push(key)
    node.shape = new EncoderShape(keys)
    return node.shape
  }

  /**
   * Drops every shape when the trie has grown past its budget (records with data-dependent keys).
   * Only safe between buffers, when no shape id is in use.
   */
  trimIfOversized(): void {
    if (this.#nodeCount <= MAX_TRIE_NODES) return
    this.root = new ShapeTrieNode()
    this.#nodeCount = 0
  }
}

const utf8 = new TextEncoder()

// Layout: varint key count, then per key a varint header (byte length << 1 | isUtf16) and the bytes.
// Keys with lone surrogates go as UTF-16LE, because UTF-8 would replace them with U+FFFD.
function encodeShapeDefinition(keys: readonly string[]): Uint8Array {
  const parts = keys.map((key) => isWellFormed(key) ? utf8.encode(key) : encodeUtf16(key))
  let size = varUintSize(keys.length)
  for (const part of parts) size += varUintSize(part.length * 2 + 1) + part.length
  const out = new Uint8Array(size)
  let offset = writeVarUint(out, 0, keys.length)
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    offset = writeVarUint(out, offset, part.length * 2 + (isWellFormed(keys[i]!) ? 0 : 1))
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function encodeUtf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    out[i * 2] = unit & 0xff
    out[i * 2 + 1] = unit >>> 8
  }
  return out
}

function varUintSize(value: number): number {
  let size = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    size++
  }
  return size
}

function writeVarUint(out: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    out[offset++] = (value & 0x7f) | 0x80
    value = Math.floor(value / 0x80)
  }
  out[offset++] = value
  return offset
}
