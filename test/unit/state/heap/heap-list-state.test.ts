import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import { listState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'buffer', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

describe('HeapListState', () => {
  it('returns an empty list for a key that never added, without creating an entry', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    assert.deepEqual(state.get(), [])
    assert.equal(backend.numEntries(), 0)
  })

  it('keeps elements in insertion order with add and addAll', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    state.add(1)
    state.addAll([2, 3])
    state.add(4)
    assert.deepEqual(state.get(), [1, 2, 3, 4])
  })

  it('keeps one list per key and namespace', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<string>('buffer'))
    backend.setCurrentKey('alice')
    state.add('a-void')
    state.setCurrentNamespace(1)
    state.add('a-1')
    backend.setCurrentKey('bob')
    state.add('b-1')
    state.setCurrentNamespace(0)
    assert.deepEqual(state.get(), [])
    backend.setCurrentKey('alice')
    assert.deepEqual(state.get(), ['a-void'])
    state.setCurrentNamespace(1)
    assert.deepEqual(state.get(), ['a-1'])
    assert.equal(backend.numEntries(), 3)
  })

  it('replaces the whole list on update, and an empty update clears it', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    state.addAll([1, 2])
    state.update(new Set([9, 8]))
    assert.deepEqual(state.get(), [9, 8])
    state.update([])
    assert.deepEqual(state.get(), [])
    assert.equal(backend.numEntries(), 0)
  })

  it('does not create an entry for addAll of nothing', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    state.addAll([])
    assert.equal(backend.numEntries(), 0)
  })

  it('does not keep a reference to the iterable given to update', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    const input = [1, 2]
    state.update(input)
    input.push(3)
    assert.deepEqual(state.get(), [1, 2])
  })

  it('removes the entry on clear', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<number>('buffer'))
    backend.setCurrentKey('alice')
    state.add(1)
    state.clear()
    assert.deepEqual(state.get(), [])
    assert.equal(backend.numEntries(), 0)
  })

  it('merges source namespaces into the target after its own elements and clears the sources', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<string>('buffer'))
    backend.setCurrentKey('alice')
    state.setCurrentNamespace('s1')
    state.addAll(['a', 'b'])
    state.setCurrentNamespace('s2')
    state.add('c')
    state.setCurrentNamespace('target')
    state.add('t')
    state.mergeNamespaces('target', ['s1', 's2', 'absent'])
    assert.deepEqual(state.get(), ['t', 'a', 'b', 'c'])
    state.setCurrentNamespace('s1')
    assert.deepEqual(state.get(), [])
    assert.equal(backend.numEntries(), 1)
  })

  it('merges only the current key', () => {
    const backend = aBackend()
    const state = backend.getListState(listState<string>('buffer'))
    state.setCurrentNamespace('s1')
    backend.setCurrentKey('bob')
    state.add('bob')
    backend.setCurrentKey('alice')
    state.add('alice')
    state.mergeNamespaces('target', ['s1'])
    backend.setCurrentKey('bob')
    assert.deepEqual(state.get(), ['bob'])
  })
})
