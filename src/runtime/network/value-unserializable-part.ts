import { MAX_VALUE_DEPTH } from './value-tag.js'

/** Where in a record the first value ValueEncoder cannot write sits, what it is, and how to fix it. */
export interface UnserializablePart {
  /** e.g. `record.items[2].when` */
  readonly path: string
  /** e.g. `a Map`, `an instance of class Order` */
  readonly typeName: string
  readonly fix: string
}

/**
 * Finds the first part of value that ValueEncoder refuses, with its path. Only called after the
 * encoder has refused a record, so the hot path never tracks paths; the rules here mirror the
 * encoder's dispatch exactly.
 */
export function findUnserializablePart(value: unknown): UnserializablePart | undefined {
  return visit(value, 'record', 0, [])
}

function visit(value: unknown, path: string, depth: number, ancestors: object[]): UnserializablePart | undefined {
  if (typeof value === 'function') {
    const name = value.name === '' ? '' : ` (${value.name})`
    return {
      path,
      typeName: `a function${name}`,
      fix: 'records carry data only; leave the function out, or send a name the next operator can look up',
    }
  }
  if (typeof value === 'symbol') {
    return { path, typeName: `a symbol (${String(value)})`, fix: 'send a string instead, e.g. its description' }
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (ancestors.includes(value)) {
    return {
      path,
      typeName: 'a reference back to an object that contains it (a cycle)',
      fix: 'records must be trees; replace the back-reference with an id',
    }
  }
  const prototype: unknown = Object.getPrototypeOf(value)
  const isPlainObject = prototype === Object.prototype || prototype === null
  // like the encoder, only plain objects and arrays count towards the depth limit
  if ((isPlainObject || prototype === Array.prototype) && depth >= MAX_VALUE_DEPTH) {
    return {
      path,
      typeName: `nested more than ${MAX_VALUE_DEPTH} objects or arrays deep`,
      fix: 'flatten the record (deeper nesting is refused to catch cycles)',
    }
  }
  if (isPlainObject) {
    ancestors.push(value)
    for (const key in value) {
      const found = visit((value as Record<string, unknown>)[key], path + propertyPath(key), depth + 1, ancestors)
      if (found !== undefined) return found
    }
    ancestors.pop()
    return undefined
  }
  if (prototype === Array.prototype) {
    const array = value as readonly unknown[]
    ancestors.push(value)
    for (let i = 0; i < array.length; i++) {
      const found = visit(array[i], `${path}[${i}]`, depth + 1, ancestors)
      if (found !== undefined) return found
    }
    ancestors.pop()
    return undefined
  }
  if (prototype === Date.prototype || prototype === Uint8Array.prototype || prototype === Buffer.prototype) return undefined
  return { path, ...describeInstance(value) }
}

function describeInstance(value: object): { typeName: string; fix: string } {
  if (value instanceof Map) {
    return { typeName: 'a Map', fix: 'convert it to a plain object (Object.fromEntries(map)) or to an array of entries ([...map])' }
  }
  if (value instanceof Set) return { typeName: 'a Set', fix: 'convert it to an array ([...set])' }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    const name = value.constructor.name
    return {
      typeName: `${article(name)} ${name}`,
      fix: 'send its bytes as a Uint8Array (new Uint8Array(x.buffer, x.byteOffset, x.byteLength)) or its numbers as an array (Array.from(x))',
    }
  }
  if (Array.isArray(value)) {
    return { typeName: 'an instance of an Array subclass', fix: 'send a plain array instead (Array.from(x))' }
  }
  if (value instanceof Promise) return { typeName: 'a Promise', fix: 'await it before emitting the record' }
  if (value instanceof Error) return { typeName: `an Error (${value.name})`, fix: 'send its message and stack as strings' }
  const name = constructorName(value)
  return {
    typeName: name === undefined ? 'an object with a custom prototype' : `an instance of class ${name}`,
    fix: 'records carry plain data only (plain objects, arrays, strings, numbers, booleans, null, undefined, ' +
      'bigint, Date, Uint8Array); copy its fields into a plain object ({ ...value }) and rebuild it in the next operator',
  }
}

function constructorName(value: object): string | undefined {
  const constructor: unknown = (value as { constructor?: unknown }).constructor
  return typeof constructor === 'function' && constructor.name !== '' ? constructor.name : undefined
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a'
}

function propertyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}
