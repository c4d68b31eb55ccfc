import type { StateKind } from '../heap/state-table.js'

/**
 * The layout of a keyed state snapshot, shared by its writer and reader. All integers little-endian.
 *
 * ```
 * offset  size  field
 *      0     4  magic 'SLKS'
 *      4     2  format version (KEYED_STATE_SNAPSHOT_VERSION)
 *      6     2  reserved, 0
 *      8     4  maxParallelism
 *     12     4  first key group of the range (inclusive)
 *     16     4  last key group of the range (inclusive)
 *     20     4  metaLength: bytes of the meta info that follows
 *     24     m  meta info: v8.serialize(KeyedStateMetaInfo)
 *   24+m  8(n+1) key-group index: n = end - start + 1 absolute u64 offsets of each key group's block, then the
 *                end of the last block (= file length); block i spans [offset[i], offset[i+1]), empty when equal
 *      …        blocks: v8.serialize([stateEntries, timers]) per key group that has any, in key-group order
 * ```
 * A block holds two flat arrays (flat, because on Node 20 v8.serialize writes 100k entries as one array of 400k
 * values in ~4 ms and reads them in ~12 ms, against ~25 ms and ~40 ms as 100k objects, and 40% smaller):
 * stateEntries repeats (stateIndex, namespace, key, value), stateIndex into meta.states; timers repeat
 * (serviceIndex, domain, key, namespace, timestampMs, sequence), sequence being the timer's position in its
 * service's domain in firing order, so a reader restores ties of one timestamp in registration order.
 */
export const KEYED_STATE_SNAPSHOT_MAGIC = 0x534b4c53 // 'SLKS' read as a little-endian u32
export const KEYED_STATE_SNAPSHOT_VERSION = 1
export const HEADER_BYTES = 24
export const INDEX_ENTRY_BYTES = 8
export const STATE_ENTRY_STRIDE = 4
export const TIMER_STRIDE = 6

/** Time domains as the block stores them. */
export const TIME_DOMAIN = { EVENT_TIME: 0, PROCESSING_TIME: 1 } as const

/**
 * What the header says about the states and timer services of the snapshot, by index: every state with at
 * least one entry (a HeapStateSnapshot shows no others, and a restore creates tables from entries) and
 * every timer service.
 */
export interface KeyedStateMetaInfo {
  readonly states: readonly { readonly name: string; readonly kind: StateKind }[]
  readonly timerServices: readonly string[]
}

/** The key groups a snapshot covers or a restore asks for, both ends inclusive (structurally graph's KeyGroupRange). */
export interface SnapshotKeyGroupRange {
  readonly start: number
  readonly end: number
}
