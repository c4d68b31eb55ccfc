import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Collector } from '../../../src/api/functions.js'
import { StreamFlatMap } from '../../../src/operators/stream-flat-map.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

describe('StreamFlatMap', () => {
  it('emits zero or more outputs per element, each with the element timestamp', () => {
    const split = (line: string, out: Collector<string>) => { for (const word of line.split(' ').filter(Boolean)) out.collect(word) }
    const harness = new TestingKeyedOperatorHarness<string, string>(new StreamFlatMap('FlatMap', split)).open()
    harness.processElement('a b', 1)
    harness.processElement('', 2)
    harness.processElement('c', 3)
    assert.deepEqual(harness.output.records, [
      { value: 'a', timestampMs: 1 }, { value: 'b', timestampMs: 1 }, { value: 'c', timestampMs: 3 },
    ])
  })

  it('wraps a throwing function in a UserFunctionError naming the operator', () => {
    const harness = new TestingKeyedOperatorHarness<string, string>(new StreamFlatMap('FlatMap(split)', { flatMap: () => { throw new Error('x') } })).open()
    assert.throws(() => harness.processElement('a', 1), { name: 'UserFunctionError', operatorName: 'FlatMap(split)' })
  })
})
