import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CorruptStateSnapshotError, MaxParallelismMismatchError } from '../../../../src/errors.js'
import { assignToKeyGroup } from '../../../../src/state/key-group.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { HeapStateEntry } from '../../../../src/state/heap/heap-state-snapshot.js'
import type { Key } from '../../../../src/state/key.js'
import { VOID_NAMESPACE } from '../../../../src/state/key.js'
import { readKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-reader.js'
import { writeKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-writer.js'
import {
  aggregatingState, listState, mapState, reducingState, valueState,
} from '../../../../src/state/state-descriptor.js'

const MAX_PARALLELISM = 128

interface Session { readonly events: number; readonly last: Date; readonly tags: Set<string>; readonly nested: { a: { b: number[] } } }

const averageOf = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value: number, acc: { sum: number; count: number }) => ({ sum: acc.sum + value, count: acc.count + 1 }),
  getResult: (acc: { sum: number; count: number }) => acc.sum / acc.count,
}

function aBackend(range = { start: 0, end: MAX_PARALLELISM - 1 }, operatorName = 'op'): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName, maxParallelism: MAX_PARALLELISM, keyGroupRange: range })
}

/** Fills every kind of state for `keys`, in VOID_NAMESPACE and two window namespaces. */
function fill(backend: HeapKeyedStateBackend, keys: readonly Key[]): void {
  const session = backend.getValueState(valueState<Session>('session'))
  const seen = backend.getListState(listState<string>('seen'))
  const perPage = backend.getMapState(mapState<string, Map<string, Date>>('per-page'))
  const total = backend.getReducingState(reducingState<bigint>('total', (a, b) => a + b))
  const average = backend.getAggregatingState(aggregatingState('average', averageOf))
  keys.forEach((key, i) => {
    if (!isInRange(backend, key)) return
    backend.setCurrentKey(key)
    session.update({ events: i, last: new Date(1_700_000_000_000 + i), tags: new Set(['a', `t${i}`]), nested: { a: { b: [i, i + 1] } } })
    for (const namespace of [VOID_NAMESPACE, 1000, 'w-2000']) {
      seen.setCurrentNamespace(namespace)
      seen.add(`${String(key)}@${namespace}`)
      seen.add('again')
      perPage.setCurrentNamespace(namespace)
      perPage.put('/home', new Map([['first', new Date(i)]]))
      total.setCurrentNamespace(namespace)
      total.add(BigInt(i))
      average.setCurrentNamespace(namespace)
      average.add(i)
      average.add(i + 2)
    }
  })
}

function isInRange(backend: HeapKeyedStateBackend, key: Key): boolean {
  const keyGroup = assignToKeyGroup(key, MAX_PARALLELISM)
  return keyGroup >= backend.keyGroupRange.start && keyGroup <= backend.keyGroupRange.end
}

const SOME_KEYS: readonly Key[] = ['alice', 'bob', 7, -3, 2.5, 12345678901234567890n, true, false, '', 'ünïcödé']
const MANY_KEYS: readonly Key[] = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? `user-${i}` : i))

function idOf(entry: HeapStateEntry): string {
  return `${entry.stateName}|${typeof entry.key}:${String(entry.key)}|${typeof entry.namespace}:${entry.namespace}`
}

function sorted(entries: Iterable<HeapStateEntry>): HeapStateEntry[] {
  return [...entries].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0))
}

function snapshotOf(backend: HeapKeyedStateBackend): Uint8Array {
  return writeKeyedStateSnapshot({
    operatorName: backend.operatorName,
    maxParallelism: backend.maxParallelism,
    keyGroupRange: backend.keyGroupRange,
    stateSnapshot: backend.snapshot(),
    timers: [],
  })
}

describe('readKeyedStateSnapshot', () => {
  it('round-trips value, list, map, reducing and aggregating state of several keys and namespaces', () => {
    const original = aBackend()
    fill(original, SOME_KEYS)
    const bytes = snapshotOf(original)

    const restored = aBackend()
    restored.restoreEntries(readKeyedStateSnapshot(bytes, restored).entries)

    assert.equal(restored.numEntries(), original.numEntries())
    assert.deepEqual(sorted(restored.snapshot().entries()), sorted(original.snapshot().entries()))
  })

  it('restores state that keeps working: reducing and aggregating state fold on from the restored value', () => {
    const original = aBackend()
    fill(original, ['alice'])
    const restored = aBackend()
    restored.restoreEntries(readKeyedStateSnapshot(snapshotOf(original), restored).entries)

    restored.setCurrentKey('alice')
    const total = restored.getReducingState(reducingState<bigint>('total', (a, b) => a + b))
    total.add(5n)
    assert.equal(total.get(), 5n)
    const average = restored.getAggregatingState(aggregatingState('average', averageOf))
    average.add(4)
    assert.equal(average.get(), 2)
    const seen = restored.getListState(listState<string>('seen'))
    seen.add('later')
    assert.deepEqual([...seen.get()], ['alice@0', 'again', 'later'])
  })

  it('gives restored lists and maps of their own: restoring one read twice shares no container', () => {
    const original = aBackend()
    fill(original, ['alice'])
    const read = readKeyedStateSnapshot(snapshotOf(original), original)
    const first = aBackend()
    const second = aBackend()
    first.restoreEntries(read.entries)
    second.restoreEntries(read.entries)
    first.setCurrentKey('alice')
    first.getListState(listState<string>('seen')).add('only-in-first')
    first.getMapState(mapState<string, unknown>('per-page')).put('/only-in-first', 1)

    second.setCurrentKey('alice')
    assert.deepEqual([...second.getListState(listState<string>('seen')).get()], ['alice@0', 'again'])
    assert.equal(second.getMapState(mapState<string, unknown>('per-page')).contains('/only-in-first'), false)
    const readList = read.entries.find((e) => e.stateName === 'seen' && e.namespace === VOID_NAMESPACE)!
    assert.deepEqual(readList.value, ['alice@0', 'again'])
  })

  it('describes the snapshot: its key groups, and its states (those with entries) by name and kind', () => {
    const original = aBackend({ start: 0, end: 63 })
    original.getValueState(valueState<number>('never-written'))
    fill(original, MANY_KEYS)
    const read = readKeyedStateSnapshot(snapshotOf(original), original)
    assert.deepEqual(read.snapshotKeyGroupRange, { start: 0, end: 63 })
    assert.deepEqual(read.metaInfo.states, [
      { name: 'session', kind: 'value' },
      { name: 'seen', kind: 'list' },
      { name: 'per-page', kind: 'map' },
      { name: 'total', kind: 'reducing' },
      { name: 'average', kind: 'aggregating' },
    ])
  })

  describe('rescaling', () => {
    it('splits one snapshot of key groups 0-127 into 0-63 and 64-127 with nothing lost or duplicated', () => {
      const original = aBackend()
      fill(original, MANY_KEYS)
      const bytes = snapshotOf(original)

      const low = readKeyedStateSnapshot(bytes, aBackend({ start: 0, end: 63 })).entries
      const high = readKeyedStateSnapshot(bytes, aBackend({ start: 64, end: 127 })).entries

      assert.ok(low.length > 0 && high.length > 0)
      assert.ok(low.every((e) => assignToKeyGroup(e.key, MAX_PARALLELISM) <= 63))
      assert.ok(high.every((e) => assignToKeyGroup(e.key, MAX_PARALLELISM) >= 64))
      const lowIds = new Set(low.map(idOf))
      assert.deepEqual(high.filter((e) => lowIds.has(idOf(e))), [], 'no entry in both halves')
      assert.deepEqual(sorted([...low, ...high]), sorted(original.snapshot().entries()))
    })

    it('reads exactly the entries of a range that overlaps the snapshot in part', () => {
      const original = aBackend({ start: 32, end: 95 })
      fill(original, MANY_KEYS)
      const read = readKeyedStateSnapshot(snapshotOf(original), aBackend({ start: 80, end: 127 })).entries
      const expected = [...original.snapshot().entries()].filter((e) => assignToKeyGroup(e.key, MAX_PARALLELISM) >= 80)
      assert.ok(expected.length > 0)
      assert.deepEqual(sorted(read), sorted(expected))
    })

    it('reads nothing from a snapshot whose key groups do not overlap the range', () => {
      const original = aBackend({ start: 0, end: 63 })
      fill(original, MANY_KEYS)
      assert.deepEqual(readKeyedStateSnapshot(snapshotOf(original), aBackend({ start: 64, end: 127 })).entries, [])
    })

    it('merges the snapshots of two adjacent ranges into one subtask of the wider range', () => {
      const low = aBackend({ start: 0, end: 63 })
      const high = aBackend({ start: 64, end: 127 })
      fill(low, MANY_KEYS)
      fill(high, MANY_KEYS)
      const straight = aBackend()
      fill(straight, MANY_KEYS)

      const merged = aBackend()
      for (const bytes of [snapshotOf(low), snapshotOf(high)]) merged.restoreEntries(readKeyedStateSnapshot(bytes, merged).entries)

      assert.deepEqual(sorted(merged.snapshot().entries()), sorted(straight.snapshot().entries()))
    })
  })

  describe('errors', () => {
    function aSnapshot(): Uint8Array {
      const backend = aBackend()
      fill(backend, SOME_KEYS)
      return snapshotOf(backend)
    }

    function withByte(bytes: Uint8Array, offset: number, value: number): Uint8Array {
      const copy = bytes.slice()
      copy[offset] = value
      return copy
    }

    it('rejects bytes that do not start with the magic', () => {
      assert.throws(() => readKeyedStateSnapshot(withByte(aSnapshot(), 0, 0x58), aBackend()),
        (e: unknown) => e instanceof CorruptStateSnapshotError && /no Sluice keyed state snapshot/.test(e.message))
    })

    it('rejects a format version it does not know', () => {
      assert.throws(() => readKeyedStateSnapshot(withByte(aSnapshot(), 4, 9), aBackend()),
        (e: unknown) => e instanceof CorruptStateSnapshotError && /format version 9, and this Sluice reads version 1/.test(e.message))
    })

    it('rejects bytes shorter than the header', () => {
      assert.throws(() => readKeyedStateSnapshot(aSnapshot().subarray(0, 10), aBackend()),
        (e: unknown) => e instanceof CorruptStateSnapshotError && /10 bytes, shorter than the 24-byte header/.test(e.message))
    })

    it('rejects a truncated snapshot', () => {
      const bytes = aSnapshot()
      assert.throws(() => readKeyedStateSnapshot(bytes.subarray(0, bytes.length - 1), aBackend()), CorruptStateSnapshotError)
    })

    it('rejects a key group range that does not fit the max parallelism', () => {
      assert.throws(() => readKeyedStateSnapshot(withByte(aSnapshot(), 16, 200), aBackend()),
        (e: unknown) => e instanceof CorruptStateSnapshotError && /key group range 0-200 does not fit max parallelism 128/.test(e.message))
    })

    it('rejects a damaged key-group block, naming the key group', () => {
      const bytes = aSnapshot()
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      const indexOffset = 24 + view.getUint32(20, true)
      // the first non-empty block: its start differs from the next one's
      let keyGroup = 0
      while (view.getBigUint64(indexOffset + keyGroup * 8, true) === view.getBigUint64(indexOffset + (keyGroup + 1) * 8, true)) keyGroup++
      const blockStart = Number(view.getBigUint64(indexOffset + keyGroup * 8, true))
      assert.throws(() => readKeyedStateSnapshot(withByte(bytes, blockStart, 0x00), aBackend()),
        (e: unknown) => e instanceof CorruptStateSnapshotError && new RegExp(`block of key group ${keyGroup}`).test(e.message))
    })

    it('refuses another max parallelism, naming pipeline.max-parallelism and both values', () => {
      const target = new HeapKeyedStateBackend({ operatorName: 'counter', maxParallelism: 256, keyGroupRange: { start: 0, end: 255 } })
      assert.throws(() => readKeyedStateSnapshot(aSnapshot(), target), (e: unknown) => {
        assert.ok(e instanceof MaxParallelismMismatchError)
        assert.equal(e.code, 'SLUICE_STATE_MAX_PARALLELISM_MISMATCH')
        assert.match(e.message, /operator 'counter' cannot restore keyed state written with pipeline.max-parallelism 128 into a job with pipeline.max-parallelism 256/)
        assert.match(e.message, /set pipeline.max-parallelism to 128/)
        return true
      })
    })
  })
})
