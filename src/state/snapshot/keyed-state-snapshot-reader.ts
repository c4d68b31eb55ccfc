import { deserialize } from 'node:v8'
import { MAX_PARALLELISM } from '../../config/options/pipeline-options.js'
import { CorruptStateSnapshotError, describeThrown, MaxParallelismMismatchError } from '../../errors.js'
import type { HeapStateEntry } from '../heap/heap-state-snapshot.js'
import type { InternalTimer } from '../internal-timer-service.js'
import type { Key, Namespace } from '../key.js'
import type { InternalTimersSnapshot } from './internal-timers-snapshot.js'
import type { KeyedStateMetaInfo, SnapshotKeyGroupRange } from './keyed-state-snapshot-format.js'
import {
  HEADER_BYTES, INDEX_ENTRY_BYTES, KEYED_STATE_SNAPSHOT_MAGIC, KEYED_STATE_SNAPSHOT_VERSION, STATE_ENTRY_STRIDE, TIME_DOMAIN,
  TIMER_STRIDE,
} from './keyed-state-snapshot-format.js'

/** The subtask a snapshot is restored into (a HeapKeyedStateBackend fits structurally). */
export interface KeyedStateRestoreTarget {
  /** Names the operator in errors. */
  readonly operatorName: string
  /** Must equal the snapshot's: key groups cannot be renumbered. */
  readonly maxParallelism: number
  /** The key groups to read; may overlap the snapshot's range in part, or not at all. */
  readonly keyGroupRange: SnapshotKeyGroupRange
}

/** The part of one snapshot that falls in the target's key groups. */
export interface KeyedStateSnapshotContents {
  /** The key groups the snapshot itself covers. */
  readonly snapshotKeyGroupRange: SnapshotKeyGroupRange
  readonly metaInfo: KeyedStateMetaInfo
  /** For HeapKeyedStateBackend.restoreEntries; values are fresh copies, owned by the caller. */
  readonly entries: readonly HeapStateEntry[]
  /** For HeapInternalTimeServiceManager.restoreTimers: every service of the snapshot, timers in firing order. */
  readonly timers: readonly InternalTimersSnapshot[]
}

interface SnapshotHeader {
  readonly maxParallelism: number
  readonly keyGroupRange: SnapshotKeyGroupRange
  readonly metaInfo: KeyedStateMetaInfo
  /** Absolute offsets: block i spans [blockOffsets[i], blockOffsets[i + 1]). */
  readonly blockOffsets: readonly number[]
}

/**
 * Reads the entries and timers of the key groups in target.keyGroupRange from a snapshot written by
 * writeKeyedStateSnapshot, deserializing only their blocks: on rescaling, a subtask reads the
 * overlapping part of several old subtasks' snapshots. Raises CorruptStateSnapshotError for bytes that
 * are not an intact snapshot, MaxParallelismMismatchError for another number of key groups.
 */
export function readKeyedStateSnapshot(bytes: Uint8Array, target: KeyedStateRestoreTarget): KeyedStateSnapshotContents {
  const header = readHeader(bytes)
  if (header.maxParallelism !== target.maxParallelism) {
    throw new MaxParallelismMismatchError(target.operatorName, MAX_PARALLELISM.key, header.maxParallelism, target.maxParallelism)
  }
  const { states, timerServices } = header.metaInfo
  const entries: HeapStateEntry[] = []
  // per service and domain: [sequence, timer] pairs, sorted by sequence at the end
  const timers = timerServices.map(() => [[] as [number, InternalTimer][], [] as [number, InternalTimer][]] as const)
  const first = Math.max(header.keyGroupRange.start, target.keyGroupRange.start)
  const last = Math.min(header.keyGroupRange.end, target.keyGroupRange.end)
  for (let keyGroup = first; keyGroup <= last; keyGroup++) {
    const slot = keyGroup - header.keyGroupRange.start
    const blockStart = header.blockOffsets[slot]!
    const blockEnd = header.blockOffsets[slot + 1]!
    if (blockStart === blockEnd) continue
    const [blockEntries, blockTimers] = readBlock(bytes, keyGroup, blockStart, blockEnd, header.metaInfo)
    for (let i = 0; i < blockEntries.length; i += STATE_ENTRY_STRIDE) {
      const state = states[blockEntries[i] as number]!
      entries.push({
        stateName: state.name,
        kind: state.kind,
        namespace: blockEntries[i + 1] as Namespace,
        key: blockEntries[i + 2] as Key,
        value: blockEntries[i + 3],
      })
    }
    for (let i = 0; i < blockTimers.length; i += TIMER_STRIDE) {
      const byDomain = timers[blockTimers[i] as number]!
      const timer: InternalTimer = {
        key: blockTimers[i + 2] as Key,
        namespace: blockTimers[i + 3] as Namespace,
        timestampMs: blockTimers[i + 4] as number,
      }
      byDomain[blockTimers[i + 1] === TIME_DOMAIN.EVENT_TIME ? 0 : 1].push([blockTimers[i + 5] as number, timer])
    }
  }
  return {
    snapshotKeyGroupRange: header.keyGroupRange,
    metaInfo: header.metaInfo,
    entries,
    timers: timerServices.map((serviceName, index) => ({
      serviceName,
      eventTimeTimers: inFiringOrder(timers[index]![0]),
      processingTimeTimers: inFiringOrder(timers[index]![1]),
    })),
  }
}

// key groups interleave in a service's firing order; the sequence restores it, ties of a timestamp included
function inFiringOrder(timers: [number, InternalTimer][]): InternalTimer[] {
  return timers.sort((a, b) => a[0] - b[0]).map(([, timer]) => timer)
}

function readHeader(bytes: Uint8Array): SnapshotHeader {
  if (bytes.length < HEADER_BYTES) corrupt(`${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== KEYED_STATE_SNAPSHOT_MAGIC) corrupt('it does not start with \'SLKS\', so it is no Sluice keyed state snapshot')
  const version = view.getUint16(4, true)
  if (version !== KEYED_STATE_SNAPSHOT_VERSION) {
    corrupt(`it has format version ${version}, and this Sluice reads version ${KEYED_STATE_SNAPSHOT_VERSION}`)
  }
  const maxParallelism = view.getUint32(8, true)
  const start = view.getUint32(12, true)
  const end = view.getUint32(16, true)
  if (maxParallelism === 0 || start > end || end >= maxParallelism) {
    corrupt(`its key group range ${start}-${end} does not fit max parallelism ${maxParallelism}`)
  }
  const metaLength = view.getUint32(20, true)
  const numKeyGroups = end - start + 1
  const indexOffset = HEADER_BYTES + metaLength
  const dataOffset = indexOffset + (numKeyGroups + 1) * INDEX_ENTRY_BYTES
  if (dataOffset > bytes.length) corrupt(`it has ${bytes.length} bytes, fewer than its header and key-group index (${dataOffset})`)
  const metaInfo = readMetaInfo(bytes.subarray(HEADER_BYTES, indexOffset))
  const blockOffsets = new Array<number>(numKeyGroups + 1)
  let previous = dataOffset
  for (let slot = 0; slot <= numKeyGroups; slot++) {
    const offset = Number(view.getBigUint64(indexOffset + slot * INDEX_ENTRY_BYTES, true))
    if (offset < previous || offset > bytes.length) {
      corrupt(`the index puts key group ${start + slot} at byte ${offset}, outside ${previous}-${bytes.length}`)
    }
    blockOffsets[slot] = previous = offset
  }
  if (previous !== bytes.length) corrupt(`it has ${bytes.length} bytes, but its blocks end at byte ${previous} (truncated or padded)`)
  return { maxParallelism, keyGroupRange: { start, end }, metaInfo, blockOffsets }
}

function readMetaInfo(bytes: Uint8Array): KeyedStateMetaInfo {
  let meta: unknown
  try {
    meta = deserialize(bytes)
  } catch (thrown) {
    corrupt(`its state meta info does not deserialize: ${describeThrown(thrown)}`)
  }
  const candidate = meta as Partial<KeyedStateMetaInfo> | null
  const isValid = typeof candidate === 'object' && candidate !== null &&
    Array.isArray(candidate.states) && candidate.states.every((s) => typeof s?.name === 'string' && typeof s.kind === 'string') &&
    Array.isArray(candidate.timerServices) && candidate.timerServices.every((name) => typeof name === 'string')
  if (!isValid) corrupt('its state meta info is not a list of states and timer services')
  return candidate as KeyedStateMetaInfo
}

function readBlock(bytes: Uint8Array, keyGroup: number, blockStart: number, blockEnd: number,
  metaInfo: KeyedStateMetaInfo): [unknown[], unknown[]] {
  let block: unknown
  try {
    block = deserialize(bytes.subarray(blockStart, blockEnd))
  } catch (thrown) {
    corrupt(`the block of key group ${keyGroup} does not deserialize: ${describeThrown(thrown)}`)
  }
  const [entries, timers] = Array.isArray(block) ? block as unknown[] : []
  if (!Array.isArray(entries) || !Array.isArray(timers) ||
    entries.length % STATE_ENTRY_STRIDE !== 0 || timers.length % TIMER_STRIDE !== 0) {
    corrupt(`the block of key group ${keyGroup} is not a list of entries and timers`)
  }
  // indexes are checked once here so the hot loops can trust them
  for (let i = 0; i < entries.length; i += STATE_ENTRY_STRIDE) {
    if (metaInfo.states[entries[i] as number] === undefined) corrupt(`the block of key group ${keyGroup} names unknown state #${String(entries[i])}`)
  }
  for (let i = 0; i < timers.length; i += TIMER_STRIDE) {
    if (metaInfo.timerServices[timers[i] as number] === undefined) {
      corrupt(`the block of key group ${keyGroup} names unknown timer service #${String(timers[i])}`)
    }
  }
  return [entries, timers]
}

function corrupt(detail: string): never {
  throw new CorruptStateSnapshotError(detail)
}
