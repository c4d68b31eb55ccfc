/**
 * A key of keyed state. Keys are primitives so that they hash and compare by value
 * everywhere (heap maps, key groups, serialized state); build a string for composite keys.
 */
export type Key = string | number | bigint | boolean

/** Namespace of keyed state: the window a value belongs to, or VOID_NAMESPACE outside windows. */
export type Namespace = string | number

/** The namespace of state that does not belong to a window. */
export const VOID_NAMESPACE: Namespace = 0
