/**
 * A key of keyed state. Keys are primitives so that they hash and compare by value
 * everywhere (heap maps, key groups, serialized state); build a string for composite keys.
 */
export type Key = string | number | bigint | boolean

/** Namespace of keyed state: the window a value belongs to, or VOID_NAMESPACE outside windows. */
export type Namespace = string | number

/** The namespace of state that does not belong to a window. */
export const VOID_NAMESPACE: Namespace = 0

/** The type of a value that cannot be a Key ('null', 'object', 'undefined', ...), or undefined when it can. */
export function invalidKeyType(value: unknown): string | undefined {
  const type = typeof value
  // keys must compare by value in Maps and hash alike everywhere; an object would do neither
  if (type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean') return undefined
  return value === null ? 'null' : type
}
