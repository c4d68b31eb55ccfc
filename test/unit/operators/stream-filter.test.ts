import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StreamFilter } from '../../../src/operators/stream-filter.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

describe('StreamFilter', () => {
  it('keeps the elements the function accepts, with their timestamps', () => {
    const harness = new TestingKeyedOperatorHarness<number, number>(new StreamFilter('Filter', (n: number) => n % 2 === 0)).open()
    for (let n = 1; n <= 4; n++) harness.processElement(n, n * 10)
    assert.deepEqual(harness.output.records, [{ value: 2, timestampMs: 20 }, { value: 4, timestampMs: 40 }])
  })

  it('wraps a throwing filter in a UserFunctionError naming the operator', () => {
    const harness = new TestingKeyedOperatorHarness<number, number>(new StreamFilter('Filter(odd)', { filter: () => { throw new Error('x') } })).open()
    assert.throws(() => harness.processElement(1, 1), { name: 'UserFunctionError', operatorName: 'Filter(odd)' })
  })
})
