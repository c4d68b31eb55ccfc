import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/state/key.js'
import { listState, valueState } from '../../../../src/state/state-descriptor.js'

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'op', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

describe('HeapStateSnapshot', () => {
  it('lists every entry with its state name, kind, namespace, key and value', () => {
    const backend = aBackend()
    const value = backend.getValueState(valueState<number>('count'))
    const list = backend.getListState(listState<string>('buffer'))
    backend.setCurrentKey('alice')
    value.update(1)
    list.setCurrentNamespace(1000)
    list.add('x')
    backend.setCurrentKey(7)
    value.update(2)

    const snapshot = backend.snapshot()
    assert.equal(snapshot.numEntries(), 3)
    const entries = [...snapshot.entries()]
    const byId = (e: { stateName: string; key: unknown; namespace: unknown }) => `${e.stateName}/${String(e.key)}/${e.namespace}`
    assert.deepEqual(entries.sort((a, b) => byId(a).localeCompare(byId(b))), [
      { stateName: 'buffer', kind: 'list', namespace: 1000, key: 'alice', value: ['x'] },
      { stateName: 'count', kind: 'value', namespace: VOID_NAMESPACE, key: 7, value: 2 },
      { stateName: 'count', kind: 'value', namespace: VOID_NAMESPACE, key: 'alice', value: 1 },
    ])
  })

  it('lists nothing for a backend without entries', () => {
    const backend = aBackend()
    backend.getValueState(valueState<number>('count'))
    assert.deepEqual([...backend.snapshot().entries()], [])
  })
})
