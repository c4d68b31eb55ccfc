import { serialize } from 'node:v8'
import { describeThrown, KeyGroupOutOfRangeError, StateNotSerializableError } from '../../errors.js'
import { assignToKeyGroup } from '../key-group.js'
import type { HeapStateSnapshot } from '../heap/heap-state-snapshot.js'
import type { StateKind } from '../heap/state-table.js'
import type { InternalTimer } from '../internal-timer-service.js'
import type { Key, Namespace } from '../key.js'
import type { InternalTimersSnapshot } from './internal-timers-snapshot.js'
import type { KeyedStateMetaInfo, SnapshotKeyGroupRange } from './keyed-state-snapshot-format.js'
import {
  HEADER_BYTES, INDEX_ENTRY_BYTES, KEYED_STATE_SNAPSHOT_MAGIC, KEYED_STATE_SNAPSHOT_VERSION, STATE_ENTRY_STRIDE, TIME_DOMAIN,
} from './keyed-state-snapshot-format.js'

/** What writeKeyedStateSnapshot writes: the keyed state and timers of one operator subtask. */
export interface KeyedStateSnapshotSource {
  /** Names the operator in errors. */
  readonly operatorName: string
  readonly maxParallelism: number
  /** The key groups of the subtask; every entry and timer must fall in it. */
  readonly keyGroupRange: SnapshotKeyGroupRange
  readonly stateSnapshot: HeapStateSnapshot
  /** From HeapInternalTimeServiceManager.snapshotTimers(). */
  readonly timers: readonly InternalTimersSnapshot[]
}

/**
 * Serializes the keyed state and timers of a subtask, organised by key group (see
 * keyed-state-snapshot-format.ts), so a restore at another parallelism reads only its key groups.
 * Both parts at once: prepareKeyedStateSnapshot, then serialize.
 */
export function writeKeyedStateSnapshot(source: KeyedStateSnapshotSource): Uint8Array {
  return prepareKeyedStateSnapshot(source).serialize()
}

/**
 * The synchronous part of a keyed-state checkpoint: sorts every entry and timer into its key group,
 * holding the values by reference. Until the returned snapshot is serialized, the values must not
 * change in place: the heap backend guarantees it by copying a value before it hands it out again
 * (HeapKeyedStateBackend.beginSnapshot). Values go through v8.serialize (structured clone): Map, Set,
 * Date, bigint, typed arrays and nested objects round-trip; class instances come back as plain
 * objects; functions and symbols raise StateNotSerializableError.
 */
export function prepareKeyedStateSnapshot(source: KeyedStateSnapshotSource): PreparedKeyedStateSnapshot {
  const { start, end } = source.keyGroupRange
  const numKeyGroups = end - start + 1
  // per key group of the range: the flat arrays of its block, created on first use
  const stateEntries: (unknown[] | undefined)[] = new Array(numKeyGroups)
  const timers: (unknown[] | undefined)[] = new Array(numKeyGroups)
  const states: { name: string; kind: StateKind }[] = []
  const stateIndexByName = new Map<string, number>()

  let lastStateName: string | undefined
  let lastStateIndex = -1
  source.stateSnapshot.forEachEntry((stateName, kind, namespace, key, value) => {
    if (stateName !== lastStateName) {
      // entries come state by state, so the lookup runs once per state, not per entry
      lastStateName = stateName
      let index = stateIndexByName.get(stateName)
      if (index === undefined) {
        index = states.length
        states.push({ name: stateName, kind })
        stateIndexByName.set(stateName, index)
      }
      lastStateIndex = index
    }
    const slot = slotOf(source, key)
    if (slot < 0) throw keyGroupOutOfRange(source, key, `state '${stateName}' for key ${describeKey(key)}`)
    const block = stateEntries[slot] ??= []
    block.push(lastStateIndex, namespace, key, value)
  })

  const timerServices = source.timers.map((service) => service.serviceName)
  source.timers.forEach((service, serviceIndex) => {
    addTimers(source, timers, serviceIndex, TIME_DOMAIN.EVENT_TIME, service.eventTimeTimers)
    addTimers(source, timers, serviceIndex, TIME_DOMAIN.PROCESSING_TIME, service.processingTimeTimers)
  })
  return new PreparedKeyedStateSnapshot(source, { states, timerServices }, stateEntries, timers)
}

/** A keyed-state snapshot sorted by key group, not yet serialized: the asynchronous part of a checkpoint. */
export class PreparedKeyedStateSnapshot {
  readonly #blocks: (Uint8Array | undefined)[]
  #nextSlot = 0

  constructor(
    private readonly source: KeyedStateSnapshotSource,
    private readonly metaInfo: KeyedStateMetaInfo,
    private readonly stateEntries: readonly (unknown[] | undefined)[],
    private readonly timers: readonly (unknown[] | undefined)[],
  ) {
    this.#blocks = new Array(stateEntries.length)
  }

  /** Serializes everything at once. */
  serialize(): Uint8Array {
    while (this.#nextSlot < this.#blocks.length) this.#serializeNextBlock()
    return this.#assemble()
  }

  /**
   * Serializes block by block, giving the event loop (and so the subtask's processing) a turn
   * whenever a slice of about `sliceMs` has passed: the asynchronous part does not stop the world.
   */
  async serializeInSlices(sliceMs: number, yieldTurn: () => Promise<void>): Promise<Uint8Array> {
    let sliceStartMs = performance.now()
    while (this.#nextSlot < this.#blocks.length) {
      this.#serializeNextBlock()
      if (performance.now() - sliceStartMs >= sliceMs) {
        await yieldTurn()
        sliceStartMs = performance.now()
      }
    }
    return this.#assemble()
  }

  #serializeNextBlock(): void {
    const slot = this.#nextSlot++
    const entries = this.stateEntries[slot]
    const groupTimers = this.timers[slot]
    if (entries === undefined && groupTimers === undefined) return
    this.#blocks[slot] = serializeBlock(this.source.operatorName, this.metaInfo.states, entries ?? [], groupTimers ?? [])
  }

  #assemble(): Uint8Array {
    const { maxParallelism, keyGroupRange: { start, end } } = this.source
    const numKeyGroups = this.#blocks.length
    const meta = serialize(this.metaInfo)
    const indexOffset = HEADER_BYTES + meta.length
    let offset = indexOffset + (numKeyGroups + 1) * INDEX_ENTRY_BYTES
    const blockOffsets = new Array<number>(numKeyGroups + 1)
    for (let slot = 0; slot < numKeyGroups; slot++) {
      blockOffsets[slot] = offset
      offset += this.#blocks[slot]?.length ?? 0
    }
    blockOffsets[numKeyGroups] = offset
    const bytes = new Uint8Array(offset)
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    view.setUint32(0, KEYED_STATE_SNAPSHOT_MAGIC, true)
    view.setUint16(4, KEYED_STATE_SNAPSHOT_VERSION, true)
    view.setUint16(6, 0, true)
    view.setUint32(8, maxParallelism, true)
    view.setUint32(12, start, true)
    view.setUint32(16, end, true)
    view.setUint32(20, meta.length, true)
    bytes.set(meta, HEADER_BYTES)
    for (let slot = 0; slot <= numKeyGroups; slot++) {
      view.setBigUint64(indexOffset + slot * INDEX_ENTRY_BYTES, BigInt(blockOffsets[slot]!), true)
      const block = this.#blocks[slot]
      if (block !== undefined) bytes.set(block, blockOffsets[slot]!)
    }
    return bytes
  }
}

function addTimers(source: KeyedStateSnapshotSource, timers: (unknown[] | undefined)[], serviceIndex: number,
  domain: number, serviceTimers: readonly InternalTimer[]): void {
  for (let sequence = 0; sequence < serviceTimers.length; sequence++) {
    const { key, namespace, timestampMs } = serviceTimers[sequence]!
    const slot = slotOf(source, key)
    if (slot < 0) throw keyGroupOutOfRange(source, key, `a timer of service '${source.timers[serviceIndex]!.serviceName}' for key ${describeKey(key)}`)
    const block = timers[slot] ??= []
    block.push(serviceIndex, domain, key, namespace, timestampMs, sequence)
  }
}

/** The position of a key's group in the range; -1 outside it (the caller describes the failure: not per entry). */
function slotOf(source: KeyedStateSnapshotSource, key: Key): number {
  const keyGroup = assignToKeyGroup(key, source.maxParallelism)
  const { start, end } = source.keyGroupRange
  return keyGroup < start || keyGroup > end ? -1 : keyGroup - start
}

function keyGroupOutOfRange(source: KeyedStateSnapshotSource, key: Key, what: string): KeyGroupOutOfRangeError {
  const { start, end } = source.keyGroupRange
  return new KeyGroupOutOfRangeError(source.operatorName, what, assignToKeyGroup(key, source.maxParallelism), `${start}-${end}`)
}

function serializeBlock(operatorName: string, states: readonly { name: string }[], entries: unknown[], timers: unknown[]): Uint8Array {
  try {
    return serialize([entries, timers])
  } catch (thrown) {
    // slow path, only on failure: find the entry to blame (keys, namespaces and timers are primitives)
    for (let i = 0; i < entries.length; i += STATE_ENTRY_STRIDE) {
      try {
        serialize(entries[i + 3])
      } catch (entryThrown) {
        const stateName = states[entries[i] as number]!.name
        const where = `key ${describeKey(entries[i + 2] as Key)}, namespace ${describeNamespace(entries[i + 1] as Namespace)}`
        throw new StateNotSerializableError(operatorName, stateName, where, describeThrown(entryThrown))
      }
    }
    throw new StateNotSerializableError(operatorName, '(unknown)', 'no single entry failed', describeThrown(thrown))
  }
}

function describeKey(key: Key): string {
  return typeof key === 'string' ? `'${key}'` : typeof key === 'bigint' ? `${key}n` : String(key)
}

function describeNamespace(namespace: Namespace): string {
  return typeof namespace === 'string' ? `'${namespace}'` : String(namespace)
}
