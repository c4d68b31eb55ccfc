import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidKeyError, NoCurrentKeyError, StateDescriptorMismatchError } from '../../../../src/errors.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { Key } from '../../../../src/state/key.js'
import { aggregatingState, listState, mapState, reducingState, valueState } from '../../../../src/state/state-descriptor.js'

function aBackend(operatorName = 'counter'): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName, maxParallelism: 128, keyGroupRange: { start: 0, end: 63 } })
}

const count = { createAccumulator: () => 0, add: (_v: unknown, acc: number) => acc + 1, getResult: (acc: number) => acc }

describe('HeapKeyedStateBackend', () => {
  it('keeps its key-group configuration for checkpoints', () => {
    const backend = aBackend()
    assert.equal(backend.maxParallelism, 128)
    assert.deepEqual(backend.keyGroupRange, { start: 0, end: 63 })
  })

  it('returns the same state object when a state name is asked for twice', () => {
    const backend = aBackend()
    assert.equal(backend.getValueState(valueState('v')), backend.getValueState(valueState('v')))
    assert.equal(backend.getListState(listState('l')), backend.getListState(listState('l')))
    assert.equal(backend.getMapState(mapState('m')), backend.getMapState(mapState('m')))
    assert.equal(backend.getReducingState(reducingState<number>('r', Math.max)), backend.getReducingState(reducingState<number>('r', Math.max)))
    assert.equal(backend.getAggregatingState(aggregatingState('a', count)), backend.getAggregatingState(aggregatingState('a', count)))
  })

  it('raises StateDescriptorMismatchError when a state name is asked for with another kind', () => {
    const backend = aBackend('window-op')
    backend.getValueState(valueState('window-contents'))
    assert.throws(() => backend.getListState(listState('window-contents')), (error: unknown) => {
      assert.ok(error instanceof StateDescriptorMismatchError)
      assert.equal(error.code, 'SLUICE_STATE_DESCRIPTOR_MISMATCH')
      assert.equal(error.domain, 'user')
      assert.equal(error.existingKind, 'value')
      assert.equal(error.requestedKind, 'list')
      assert.match(error.message, /window-op.*window-contents/)
      return true
    })
  })

  it('keeps states of different names apart for the same key and namespace', () => {
    const backend = aBackend()
    const first = backend.getValueState(valueState<number>('first'))
    const second = backend.getValueState(valueState<number>('second'))
    backend.setCurrentKey('alice')
    first.update(1)
    assert.equal(second.value(), undefined)
    second.update(2)
    assert.equal(first.value(), 1)
    assert.equal(backend.numEntries(), 2)
  })

  it('scopes the current namespace to each state object', () => {
    const backend = aBackend()
    const windowed = backend.getValueState(valueState<string>('windowed'))
    const global = backend.getValueState(valueState<string>('global'))
    backend.setCurrentKey('alice')
    windowed.setCurrentNamespace('w1')
    windowed.update('in w1')
    global.update('in void')
    windowed.setCurrentNamespace(0)
    assert.equal(windowed.value(), undefined)
    assert.equal(global.value(), 'in void')
  })

  it('tells apart keys of different types that print alike', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<string>('v'))
    const keys: Key[] = [1, '1', 1n, true, 'true']
    for (const key of keys) {
      backend.setCurrentKey(key)
      state.update(`${typeof key}`)
    }
    for (const key of keys) {
      backend.setCurrentKey(key)
      assert.equal(state.value(), typeof key)
    }
    assert.equal(backend.numEntries(), keys.length)
  })

  it('raises NoCurrentKeyError when state is used before any key was set', () => {
    const backend = aBackend('dedupe')
    const state = backend.getValueState(valueState<number>('seen'))
    assert.throws(() => state.value(), (error: unknown) => {
      assert.ok(error instanceof NoCurrentKeyError)
      assert.equal(error.code, 'SLUICE_STATE_NO_CURRENT_KEY')
      assert.match(error.message, /dedupe.*state 'seen'/)
      return true
    })
    assert.throws(() => backend.getListState(listState('l')).add(1), NoCurrentKeyError)
    assert.throws(() => backend.getCurrentKey(), NoCurrentKeyError)
  })

  it('raises InvalidKeyError for a key that does not compare by value', () => {
    const backend = aBackend()
    for (const key of [undefined, null, { id: 1 }]) {
      assert.throws(() => backend.setCurrentKey(key as unknown as Key), (error: unknown) => {
        assert.ok(error instanceof InvalidKeyError)
        assert.equal(error.code, 'SLUICE_STATE_INVALID_KEY')
        return true
      })
    }
  })

  it('reports the current key', () => {
    const backend = aBackend()
    backend.setCurrentKey(42n)
    assert.equal(backend.getCurrentKey(), 42n)
  })

  it('counts entries across states, keys and namespaces', () => {
    const backend = aBackend()
    const value = backend.getValueState(valueState<number>('v'))
    const list = backend.getListState(listState<number>('l'))
    for (const key of ['a', 'b', 'c']) {
      backend.setCurrentKey(key)
      value.update(1)
      list.setCurrentNamespace(1)
      list.add(1)
      list.setCurrentNamespace(2)
      list.add(2)
    }
    assert.equal(backend.numEntries(), 9)
  })

  it('drops all state on dispose', () => {
    const backend = aBackend()
    const value = backend.getValueState(valueState<number>('v'))
    backend.setCurrentKey('a')
    value.update(1)
    backend.dispose()
    assert.equal(backend.numEntries(), 0)
  })

  it('restores snapshot entries into states asked for later, with their functions', () => {
    const source = aBackend()
    const sum = source.getReducingState(reducingState<number>('sum', (a, b) => a + b))
    const seen = source.getMapState(mapState<string, boolean>('seen'))
    source.setCurrentKey('alice')
    sum.setCurrentNamespace('w')
    sum.add(5)
    seen.put('x', true)
    const entries = [...source.snapshot().entries()]

    const restored = aBackend()
    restored.restoreEntries(entries)
    assert.equal(restored.numEntries(), 2)
    const restoredSum = restored.getReducingState(reducingState<number>('sum', (a, b) => a + b))
    const restoredSeen = restored.getMapState(mapState<string, boolean>('seen'))
    restored.setCurrentKey('alice')
    restoredSum.setCurrentNamespace('w')
    restoredSum.add(1)
    assert.equal(restoredSum.get(), 6)
    assert.equal(restoredSeen.get('x'), true)
  })

  it('does not share restored lists and maps with the snapshot they came from', () => {
    const source = aBackend()
    const list = source.getListState(listState<number>('l'))
    source.setCurrentKey('alice')
    list.add(1)
    const entries = [...source.snapshot().entries()]
    const restored = aBackend()
    restored.restoreEntries(entries)
    const restoredList = restored.getListState(listState<number>('l'))
    restored.setCurrentKey('alice')
    restoredList.add(2)
    assert.deepEqual(list.get(), [1])
    assert.deepEqual(restoredList.get(), [1, 2])
  })

  it('sees restored entries of the current key and namespace right after restore', () => {
    const backend = aBackend()
    const state = backend.getValueState(valueState<number>('v'))
    backend.setCurrentKey('alice')
    state.setCurrentNamespace('w')
    assert.equal(state.value(), undefined)
    backend.restoreEntries([{ stateName: 'v', kind: 'value', namespace: 'w', key: 'alice', value: 3 }])
    assert.equal(state.value(), 3)
  })

  it('raises StateDescriptorMismatchError when a restored entry has another kind than the registered state', () => {
    const backend = aBackend()
    backend.getValueState(valueState('v'))
    assert.throws(
      () => backend.restoreEntries([{ stateName: 'v', kind: 'list', namespace: 0, key: 'a', value: [1] }]),
      StateDescriptorMismatchError,
    )
  })
})
