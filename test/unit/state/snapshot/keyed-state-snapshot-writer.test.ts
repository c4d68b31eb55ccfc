import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KeyGroupOutOfRangeError, StateNotSerializableError } from '../../../../src/errors.js'
import { assignToKeyGroup } from '../../../../src/state/key-group.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { InternalTimersSnapshot } from '../../../../src/state/snapshot/internal-timers-snapshot.js'
import { readKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-reader.js'
import { writeKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-writer.js'
import { listState, mapState, valueState } from '../../../../src/state/state-descriptor.js'

function aBackend(range = { start: 0, end: 127 }): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'sessionize', maxParallelism: 128, keyGroupRange: range })
}

function write(backend: HeapKeyedStateBackend, timers: readonly InternalTimersSnapshot[] = []): Uint8Array {
  return writeKeyedStateSnapshot({
    operatorName: backend.operatorName,
    maxParallelism: backend.maxParallelism,
    keyGroupRange: backend.keyGroupRange,
    stateSnapshot: backend.snapshot(),
    timers,
  })
}

/** The first key 'k<i>' whose key group is in [start, end]. */
function aKeyIn(start: number, end: number): string {
  for (let i = 0; ; i++) {
    const keyGroup = assignToKeyGroup(`k${i}`, 128)
    if (keyGroup >= start && keyGroup <= end) return `k${i}`
  }
}

describe('writeKeyedStateSnapshot', () => {
  it('writes a header with the magic, version, max parallelism and key group range', () => {
    const bytes = write(aBackend({ start: 32, end: 63 }))
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'SLKS')
    assert.deepEqual([view.getUint16(4, true), view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true)],
      [1, 128, 32, 63])
  })

  it('copies the state: changing it after the synchronous part leaves the snapshot as it was', () => {
    const backend = aBackend()
    const list = backend.getListState(listState<number>('items'))
    backend.setCurrentKey('a')
    list.add(1)
    const bytes = write(backend)
    list.add(2)
    const read = readKeyedStateSnapshot(bytes, backend)
    assert.deepEqual(read.entries.map((e) => e.value), [[1]])
  })

  it('names the operator, state, key and namespace of a value that cannot be serialized', () => {
    const backend = aBackend()
    const handlers = backend.getMapState(mapState<string, unknown>('handlers'))
    backend.getValueState(valueState<number>('count'))
    backend.setCurrentKey('alice')
    handlers.setCurrentNamespace(1000)
    handlers.put('onClick', { label: 'x', run: () => 1 })
    assert.throws(() => write(backend), (e: unknown) => {
      assert.ok(e instanceof StateNotSerializableError)
      assert.equal(e.code, 'SLUICE_STATE_NOT_SERIALIZABLE')
      assert.match(e.message, /^operator 'sessionize' cannot checkpoint state 'handlers' \(key 'alice', namespace 1000\): /)
      assert.match(e.message, /could not be cloned/)
      assert.match(e.message, /not functions or symbols$/)
      return true
    })
  })

  it('refuses a symbol too', () => {
    const backend = aBackend()
    const value = backend.getValueState(valueState<unknown>('tag'))
    backend.setCurrentKey(7)
    value.update(Symbol('x'))
    assert.throws(() => write(backend), (e: unknown) => e instanceof StateNotSerializableError && /state 'tag' \(key 7, namespace 0\)/.test(e.message))
  })

  it('refuses state of a key outside its key groups (a key selector that is not deterministic)', () => {
    const backend = aBackend({ start: 0, end: 63 })
    const value = backend.getValueState(valueState<number>('count'))
    const stray = aKeyIn(64, 127)
    backend.setCurrentKey(stray)
    value.update(1)
    assert.throws(() => write(backend), (e: unknown) => e instanceof KeyGroupOutOfRangeError &&
      e.message.startsWith(`operator 'sessionize' holds state 'count' for key '${stray}' in key group ${assignToKeyGroup(stray, 128)}, outside its key groups 0-63`))
  })

  it('refuses a timer of a key outside its key groups', () => {
    const stray = aKeyIn(64, 127)
    const timers = [{ serviceName: 'window-timers', eventTimeTimers: [{ key: stray, namespace: 0, timestampMs: 5 }], processingTimeTimers: [] }]
    assert.throws(() => write(aBackend({ start: 0, end: 63 }), timers),
      (e: unknown) => e instanceof KeyGroupOutOfRangeError && /a timer of service 'window-timers'/.test(e.message))
  })
})
