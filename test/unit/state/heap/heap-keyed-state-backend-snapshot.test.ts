import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { HeapStateEntry } from '../../../../src/state/heap/heap-state-snapshot.js'
import { readKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-reader.js'
import { prepareKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-writer.js'
import { aggregatingState, listState, mapState, valueState } from '../../../../src/state/state-descriptor.js'

const RANGE = { start: 0, end: 127 }

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'cow', maxParallelism: 128, keyGroupRange: RANGE })
}

/** Every entry as sorted, comparable text. */
function contentsOf(entries: Iterable<HeapStateEntry>): string[] {
  return [...entries].map((e) => JSON.stringify([e.stateName, e.namespace, e.key, e.value instanceof Map ? [...e.value] : e.value])).sort()
}

/** Sets up value, list, map and aggregating state whose values are objects changed in place by their states or by user code. */
function aPopulatedBackend() {
  const backend = aBackend()
  const profile = backend.getValueState(valueState<{ visits: number; tags: string[] }>('profile'))
  const items = backend.getListState(listState<number>('items'))
  const prices = backend.getMapState(mapState<string, number>('prices'))
  // an accumulator that add() changes in place, as accumulators usually are
  const stats = backend.getAggregatingState(aggregatingState<number, { sum: number; count: number }, number>('stats', {
    createAccumulator: () => ({ sum: 0, count: 0 }),
    add: (value, acc) => { acc.sum += value; acc.count++; return acc },
    getResult: (acc) => acc.sum / acc.count,
  }))
  for (const key of ['a', 'b', 'c']) {
    backend.setCurrentKey(key)
    profile.update({ visits: 1, tags: [key] })
    items.add(1)
    prices.put('x', 10)
    stats.add(2)
  }
  return { backend, profile, items, prices, stats }
}

describe('HeapKeyedStateBackend copy-on-write snapshots', () => {
  it('keeps what the synchronous part saw, whatever processing changes in place before serialization', () => {
    const { backend, profile, items, prices, stats } = aPopulatedBackend()
    const before = contentsOf(backend.snapshot().entries())
    const { snapshot, release } = backend.beginSnapshot()
    const prepared = prepareKeyedStateSnapshot({ operatorName: 'cow', maxParallelism: 128, keyGroupRange: RANGE, stateSnapshot: snapshot, timers: [] })

    // processing goes on: every kind of in-place change, a removal and a new key
    backend.setCurrentKey('a')
    const visited = profile.value()!
    visited.visits++
    visited.tags.push('again')
    profile.update(visited)
    items.add(2)
    prices.put('y', 20)
    stats.add(4)
    backend.setCurrentKey('b')
    items.clear()
    backend.setCurrentKey('d')
    items.add(9)

    const bytes = prepared.serialize()
    release()
    const restored = readKeyedStateSnapshot(bytes, { operatorName: 'cow', maxParallelism: 128, keyGroupRange: RANGE })
    assert.deepEqual(contentsOf(restored.entries), before)
    // and the live state has every change
    backend.setCurrentKey('a')
    assert.deepEqual(profile.value(), { visits: 2, tags: ['a', 'again'] })
    assert.deepEqual([...items.get()], [1, 2])
    assert.deepEqual([...prices.entries()].sort(), [['x', 10], ['y', 20]])
    assert.equal(stats.get(), 3)
    backend.setCurrentKey('b')
    assert.deepEqual([...items.get()], [])
  })

  it('copies a value once per snapshot, and not at all when no snapshot is pending', () => {
    const { backend, profile } = aPopulatedBackend()
    backend.setCurrentKey('a')
    const first = profile.value()
    assert.equal(profile.value(), first, 'without a snapshot, reads hand out the stored object')
    const { release } = backend.beginSnapshot()
    const copied = profile.value()
    assert.notEqual(copied, first, 'during a snapshot the first read copies')
    assert.equal(profile.value(), copied, 'later reads of the same snapshot hand out that copy')
    release()
    assert.equal(profile.value(), copied)
  })
})
