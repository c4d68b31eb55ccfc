import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { Key, Namespace } from '../../../../src/state/key.js'
import { VOID_NAMESPACE } from '../../../../src/state/key.js'
import { listState, mapState, valueState } from '../../../../src/state/state-descriptor.js'

/** mulberry32: a tiny seeded PRNG, so a failing sequence replays from its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS: readonly Key[] = ['alice', 'bob', 1, 2, '1', 3n, true]
const NAMESPACES: readonly Namespace[] = [VOID_NAMESPACE, 1, 2, 'w-0', 'w-1']
const USER_KEYS = ['a', 'b', 'c'] as const

// the model names an entry by a string; typeof keeps 1, '1' and 1n apart
function id(state: string, key: Key, namespace: Namespace): string {
  return `${state}|${typeof key}:${String(key)}|${typeof namespace}:${namespace}`
}

function runSequence(seed: number, steps: number): void {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const backend = new HeapKeyedStateBackend({ operatorName: 'model', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
  const value = backend.getValueState(valueState<number>('value'))
  const list = backend.getListState(listState<number>('list'))
  const map = backend.getMapState(mapState<string, number>('map'))
  const model = new Map<string, number | number[] | Map<string, number>>()
  const log: string[] = []

  for (let step = 0; step < steps; step++) {
    const key = pick(KEYS)
    const namespace = pick(NAMESPACES)
    const operation = Math.floor(random() * 12)
    const n = Math.floor(random() * 100)
    log.push(`${step}: key=${String(key)} ns=${namespace} op=${operation} n=${n}`)
    const where = () => `seed ${seed}, after\n${log.slice(-8).join('\n')}`
    backend.setCurrentKey(key)
    value.setCurrentNamespace(namespace)
    list.setCurrentNamespace(namespace)
    map.setCurrentNamespace(namespace)
    const valueId = id('value', key, namespace)
    const listId = id('list', key, namespace)
    const mapId = id('map', key, namespace)

    switch (operation) {
      case 0: value.update(n); model.set(valueId, n); break
      case 1: value.clear(); model.delete(valueId); break
      case 2: {
        const expected = (model.get(listId) as number[] | undefined) ?? []
        model.set(listId, [...expected, n])
        list.add(n)
        break
      }
      case 3: {
        const values = Array.from({ length: n % 3 }, (_, i) => n + i)
        list.update(values)
        if (values.length === 0) model.delete(listId)
        else model.set(listId, values)
        break
      }
      case 4: list.clear(); model.delete(listId); break
      case 5: {
        // merge two other namespaces into this one, as session windows do
        const sources = [pick(NAMESPACES), pick(NAMESPACES)]
        let merged = (model.get(listId) as number[] | undefined) ?? []
        const seen = new Set<Namespace>()
        const fromSources: number[] = []
        for (const source of sources) {
          if (seen.has(source)) continue
          seen.add(source)
          const sourceId = id('list', key, source)
          fromSources.push(...((model.get(sourceId) as number[] | undefined) ?? []))
          model.delete(sourceId)
        }
        if (seen.has(namespace)) merged = []
        merged = [...merged, ...fromSources]
        if (merged.length > 0) model.set(listId, merged)
        list.mergeNamespaces(namespace, sources)
        break
      }
      case 6: case 7: {
        const userKey = pick(USER_KEYS)
        const entries = new Map(model.get(mapId) as Map<string, number> | undefined)
        entries.set(userKey, n)
        model.set(mapId, entries)
        map.put(userKey, n)
        break
      }
      case 8: {
        const userKey = pick(USER_KEYS)
        const entries = new Map(model.get(mapId) as Map<string, number> | undefined)
        entries.delete(userKey)
        if (entries.size === 0) model.delete(mapId)
        else model.set(mapId, entries)
        map.remove(userKey)
        break
      }
      case 9: map.clear(); model.delete(mapId); break
      default: break // read-only step
    }

    assert.equal(value.value(), model.get(valueId), `value: ${where()}`)
    assert.deepEqual(list.get(), (model.get(listId) as number[] | undefined) ?? [], `list: ${where()}`)
    assert.deepEqual(new Map(map.entries()), (model.get(mapId) as Map<string, number> | undefined) ?? new Map(), `map: ${where()}`)
    assert.equal(map.isEmpty(), !model.has(mapId), `map isEmpty: ${where()}`)
    assert.equal(backend.numEntries(), model.size, `numEntries: ${where()}`)
  }

  const snapshotted = new Map([...backend.snapshot().entries()].map((e) => [id(e.stateName, e.key, e.namespace), e.value]))
  assert.deepEqual(snapshotted, model, `snapshot: seed ${seed}`)

  const restored = new HeapKeyedStateBackend({ operatorName: 'model', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
  restored.restoreEntries(backend.snapshot().entries())
  assert.deepEqual(new Map([...restored.snapshot().entries()].map((e) => [id(e.stateName, e.key, e.namespace), e.value])), model)
}

describe('HeapKeyedStateBackend against a Map model', () => {
  for (const seed of [1, 2, 3, 42, 1234, 99991]) {
    it(`agrees with the model over 3000 random operations (seed ${seed})`, () => {
      runSequence(seed, 3000)
    })
  }
})
