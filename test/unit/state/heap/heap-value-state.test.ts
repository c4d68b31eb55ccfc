import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/state/key.js'
import { valueState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'count-per-user', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

describe('HeapValueState', () => {
  it('returns undefined for a key that never wrote, without creating an entry', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number>('count'))
    backend.setCurrentKey('alice')
    assert.equal(state.value(), undefined)
    assert.equal(backend.numEntries(), 0)
  })

  it('returns the descriptor default until a value is written', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState('count', 10))
    backend.setCurrentKey('alice')
    assert.equal(state.value(), 10)
    state.update(11)
    assert.equal(state.value(), 11)
    state.clear()
    assert.equal(state.value(), 10)
  })

  it('keeps one value per key', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<string>('last'))
    backend.setCurrentKey('alice')
    state.update('a1')
    backend.setCurrentKey('bob')
    assert.equal(state.value(), undefined)
    state.update('b1')
    backend.setCurrentKey('alice')
    assert.equal(state.value(), 'a1')
    backend.setCurrentKey('bob')
    assert.equal(state.value(), 'b1')
  })

  it('keeps one value per namespace of a key', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number>('sum'))
    backend.setCurrentKey(7)
    state.setCurrentNamespace('window-0')
    state.update(1)
    state.setCurrentNamespace('window-1')
    assert.equal(state.value(), undefined)
    state.update(2)
    state.setCurrentNamespace(VOID_NAMESPACE)
    state.update(3)
    state.setCurrentNamespace('window-0')
    assert.equal(state.value(), 1)
    state.setCurrentNamespace('window-1')
    assert.equal(state.value(), 2)
    state.setCurrentNamespace(VOID_NAMESPACE)
    assert.equal(state.value(), 3)
    assert.equal(backend.numEntries(), 3)
  })

  it('removes the entry on clear, so the entry count drops', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number>('count'))
    backend.setCurrentKey('alice')
    state.update(1)
    state.setCurrentNamespace(5)
    state.update(2)
    assert.equal(backend.numEntries(), 2)
    state.clear()
    assert.equal(backend.numEntries(), 1)
    state.setCurrentNamespace(VOID_NAMESPACE)
    state.clear()
    assert.equal(backend.numEntries(), 0)
  })

  it('clears the value when updated to undefined, as Flink does for null', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number | undefined>('count', 0))
    backend.setCurrentKey('alice')
    state.update(5)
    state.update(undefined)
    assert.equal(state.value(), 0)
    assert.equal(backend.numEntries(), 0)
  })

  it('stores null and other falsy values as values', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number | null>('v', 42))
    backend.setCurrentKey('alice')
    state.update(null)
    assert.equal(state.value(), null)
    state.update(0)
    assert.equal(state.value(), 0)
  })
})
