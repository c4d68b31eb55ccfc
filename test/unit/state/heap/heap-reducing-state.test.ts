import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import { reducingState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'max', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

const sum = reducingState<number>('sum', (a, b) => a + b)

describe('HeapReducingState', () => {
  it('returns undefined before the first add, without creating an entry', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    assert.equal(state.get(), undefined)
    assert.equal(backend.numEntries(), 0)
  })

  it('stores the first value as is and reduces the following ones', () => {
    const calls: Array<[number, number]> = []
    const backend = aBackend()
    const state = backend.getReducingState(reducingState<number>('sum', (a, b) => { calls.push([a, b]); return a + b }))
    backend.setCurrentKey('alice')
    state.add(1)
    state.add(2)
    state.add(3)
    assert.equal(state.get(), 6)
    assert.deepEqual(calls, [[1, 2], [3, 3]])
  })

  it('reduces per key and namespace', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    state.add(1)
    state.setCurrentNamespace(100)
    state.add(10)
    backend.setCurrentKey('bob')
    state.add(1000)
    backend.setCurrentKey('alice')
    assert.equal(state.get(), 10)
    state.setCurrentNamespace(0)
    assert.equal(state.get(), 1)
  })

  it('removes the entry on clear', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    state.add(1)
    state.clear()
    assert.equal(state.get(), undefined)
    assert.equal(backend.numEntries(), 0)
  })

  it('merges sources into the target with the reduce function and clears the sources', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    for (const [namespace, value] of [['a', 1], ['b', 2], ['t', 4]] as const) {
      state.setCurrentNamespace(namespace)
      state.add(value)
    }
    state.mergeNamespaces('t', ['a', 'b'])
    state.setCurrentNamespace('t')
    assert.equal(state.get(), 7)
    state.setCurrentNamespace('a')
    assert.equal(state.get(), undefined)
    assert.equal(backend.numEntries(), 1)
  })

  it('merges into an empty target and counts a target listed among the sources once', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    state.setCurrentNamespace('a')
    state.add(1)
    state.mergeNamespaces('new', ['a'])
    state.setCurrentNamespace('new')
    assert.equal(state.get(), 1)
    state.setCurrentNamespace('b')
    state.add(2)
    state.mergeNamespaces('new', ['new', 'b'])
    state.setCurrentNamespace('new')
    assert.equal(state.get(), 3)
  })

  it('leaves everything as is when no source has a value', () => {
    const backend = aBackend()
    const state = backend.getReducingState(sum)
    backend.setCurrentKey('alice')
    state.mergeNamespaces('t', ['a', 'b'])
    state.mergeNamespaces('t', [])
    assert.equal(backend.numEntries(), 0)
  })
})
