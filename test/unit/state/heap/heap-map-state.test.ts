import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import { mapState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'join', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

describe('HeapMapState', () => {
  it('reads as empty for a key that never wrote, without creating an entry', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    assert.equal(state.get('x'), undefined)
    assert.equal(state.contains('x'), false)
    assert.equal(state.isEmpty(), true)
    assert.deepEqual([...state.entries()], [])
    assert.deepEqual([...state.keys()], [])
    assert.deepEqual([...state.values()], [])
    assert.equal(backend.numEntries(), 0)
  })

  it('puts, gets, iterates and removes user keys', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    state.put('a', 1)
    state.putAll([['b', 2], ['c', 3]])
    state.put('a', 10)
    assert.equal(state.get('a'), 10)
    assert.equal(state.contains('b'), true)
    assert.deepEqual([...state.entries()], [['a', 10], ['b', 2], ['c', 3]])
    assert.deepEqual([...state.keys()], ['a', 'b', 'c'])
    assert.deepEqual([...state.values()], [10, 2, 3])
    state.remove('b')
    assert.equal(state.contains('b'), false)
    assert.equal(state.isEmpty(), false)
  })

  it('keeps one map per key and namespace', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    state.put('k', 1)
    state.setCurrentNamespace('w')
    state.put('k', 2)
    backend.setCurrentKey('bob')
    assert.equal(state.get('k'), undefined)
    state.put('k', 3)
    backend.setCurrentKey('alice')
    assert.equal(state.get('k'), 2)
    state.setCurrentNamespace(0)
    assert.equal(state.get('k'), 1)
    assert.equal(backend.numEntries(), 3)
  })

  it('drops the entry when its last user key is removed', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    state.put('a', 1)
    state.remove('a')
    state.remove('never-there')
    assert.equal(state.isEmpty(), true)
    assert.equal(backend.numEntries(), 0)
  })

  it('does not create an entry for putAll of nothing', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    state.putAll([])
    assert.equal(backend.numEntries(), 0)
  })

  it('removes the whole map on clear', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<string, number>('seen'))
    backend.setCurrentKey('alice')
    state.putAll([['a', 1], ['b', 2]])
    state.clear()
    assert.equal(state.isEmpty(), true)
    assert.equal(backend.numEntries(), 0)
  })

  it('tolerates removing user keys while iterating entries', () => {
    const backend = aBackend()
    const state = backend.getMapState(mapState<number, string>('buffer'))
    backend.setCurrentKey('alice')
    state.putAll([[1, 'a'], [2, 'b'], [3, 'c']])
    for (const [ts] of state.entries()) if (ts <= 2) state.remove(ts)
    assert.deepEqual([...state.entries()], [[3, 'c']])
  })
})
