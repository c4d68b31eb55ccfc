import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mapType } from '../../../src/config/map-type.js'

describe('mapType', () => {
  it("reads Flink's 'k1:v1,k2:v2' form", () => {
    assert.deepEqual(mapType.parse('k1:v1, k2:v2'), { ok: true, value: new Map([['k1', 'v1'], ['k2', 'v2']]) })
  })

  it('reads quoted keys and values containing the separators', () => {
    assert.deepEqual(mapType.parse(`"'a:b':c",d:e`), { ok: true, value: new Map([['a:b', 'c'], ['d', 'e']]) })
  })

  it('writes a map back in the form it reads', () => {
    const map = new Map([['a:b', 'c,d'], ['e', 'f']])
    assert.deepEqual(mapType.parse(mapType.format(map)), { ok: true, value: map })
  })

  it('rejects an item that is not a key:value pair, naming it', () => {
    const result = mapType.parse('k1:v1,k2')
    assert.ok(!result.ok)
    assert.match(result.expected, /'k2' is not a 'key:value' pair/)
  })

  it('rejects a key given twice', () => {
    const result = mapType.parse('k:1,k:2')
    assert.ok(!result.ok)
    assert.match(result.expected, /the key 'k' appears twice/)
  })

  it('merges one prefixed entry into a map without changing the previous map', () => {
    const previous = new Map([['a', '1']])
    const merged = mapType.mergePrefixEntry?.(previous, 'b', '2')
    assert.deepEqual(merged, new Map([['a', '1'], ['b', '2']]))
    assert.deepEqual(previous, new Map([['a', '1']]))
  })
})
