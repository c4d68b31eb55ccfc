import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SluiceError, StateMergeUnsupportedError } from '../../../../src/errors.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { AggregateFunction } from '../../../../src/state/state-descriptor.js'
import { aggregatingState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'average', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

interface Avg { sum: number; count: number }
const average: AggregateFunction<number, Avg, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value, acc) => { acc.sum += value; acc.count++; return acc },
  getResult: (acc) => acc.sum / acc.count,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
}

describe('HeapAggregatingState', () => {
  it('returns undefined before the first add, without creating an entry', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('avg', average))
    backend.setCurrentKey('alice')
    assert.equal(state.get(), undefined)
    assert.equal(backend.numEntries(), 0)
  })

  it('folds values through the accumulator and returns the result', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('avg', average))
    backend.setCurrentKey('alice')
    state.add(1)
    state.add(2)
    state.add(6)
    assert.equal(state.get(), 3)
  })

  it('supports functions that return a new accumulator on every add', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState<number, number, number>('count', {
      createAccumulator: () => 0, add: (_v, acc) => acc + 1, getResult: (acc) => acc,
    }))
    backend.setCurrentKey('alice')
    state.add(7)
    state.add(7)
    assert.equal(state.get(), 2)
  })

  it('calls getResult for a stored accumulator that is undefined', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState<number, number | undefined, string>('max', {
      createAccumulator: () => undefined,
      add: () => undefined,
      getResult: (acc) => `result of ${acc}`,
    }))
    backend.setCurrentKey('alice')
    state.add(1)
    assert.equal(state.get(), 'result of undefined')
  })

  it('aggregates per key and namespace, as a 5-window count does', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('avg', average))
    for (const key of ['alice', 'bob']) {
      backend.setCurrentKey(key)
      for (let window = 0; window < 5; window++) {
        state.setCurrentNamespace(window)
        state.add(key === 'alice' ? window : 100 + window)
      }
    }
    backend.setCurrentKey('alice')
    state.setCurrentNamespace(3)
    assert.equal(state.get(), 3)
    backend.setCurrentKey('bob')
    assert.equal(state.get(), 103)
    assert.equal(backend.numEntries(), 10)
  })

  it('removes the entry on clear', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('avg', average))
    backend.setCurrentKey('alice')
    state.add(1)
    state.clear()
    assert.equal(state.get(), undefined)
    assert.equal(backend.numEntries(), 0)
  })

  it('merges accumulators of the sources into the target with AggregateFunction.merge', () => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('avg', average))
    backend.setCurrentKey('alice')
    state.setCurrentNamespace('s1')
    state.add(2)
    state.setCurrentNamespace('s2')
    state.add(4)
    state.add(6)
    state.mergeNamespaces('t', ['s1', 's2'])
    state.setCurrentNamespace('t')
    assert.equal(state.get(), 4)
    assert.equal(backend.numEntries(), 1)
  })

  it('raises StateMergeUnsupportedError when the function has no merge, keeping the sources', () => {
    const backend = aBackend()
    const { merge: _merge, ...withoutMerge } = average
    const state = backend.getAggregatingState(aggregatingState('avg', withoutMerge))
    backend.setCurrentKey('alice')
    state.setCurrentNamespace('s1')
    state.add(2)
    assert.throws(() => state.mergeNamespaces('t', ['s1']), (error: unknown) => {
      assert.ok(error instanceof StateMergeUnsupportedError)
      assert.ok(error instanceof SluiceError)
      assert.equal(error.code, 'SLUICE_STATE_MERGE_UNSUPPORTED')
      assert.match(error.message, /'avg'.*merge/)
      return true
    })
    assert.equal(state.get(), 2)
  })
})
