import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { RuntimeContext } from '../../../src/api/functions.js'
import { UserFunctionError } from '../../../src/errors.js'
import { StreamMap } from '../../../src/operators/stream-map.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

describe('StreamMap', () => {
  it('maps every element and keeps its timestamp', () => {
    const harness = new TestingKeyedOperatorHarness<number, string>(new StreamMap('Map', (n: number) => `#${n}`)).open()
    harness.processElement(1, 10)
    harness.processElement(2)
    assert.deepEqual(harness.output.records, [{ value: '#1', timestampMs: 10 }, { value: '#2', timestampMs: Number.NaN }])
  })

  it('opens and closes a function object and forwards watermarks', () => {
    const calls: string[] = []
    const fn = {
      open(context: RuntimeContext) { calls.push(`open ${context.operatorName}`) },
      map(n: number) { return n * 2 },
      close() { calls.push('close') },
    }
    const harness = new TestingKeyedOperatorHarness<number, number>(new StreamMap('Double', fn)).open()
    harness.processElement(4, 1)
    harness.processWatermark(7)
    harness.operator.close()
    assert.deepEqual(harness.values(), [8])
    assert.deepEqual(harness.output.watermarks, [7])
    assert.deepEqual(calls, ['open Double', 'close'])
  })

  it('wraps a throwing map function in a UserFunctionError naming the operator', () => {
    const boom = new Error('boom')
    const harness = new TestingKeyedOperatorHarness<number, number>(new StreamMap('Map(parse)', () => { throw boom })).open()
    assert.throws(() => harness.processElement(1, 1), (error: unknown) => {
      assert.ok(error instanceof UserFunctionError)
      assert.equal(error.operatorName, 'Map(parse)')
      assert.equal(error.cause, boom)
      assert.match(error.message, /operator 'Map\(parse\)' threw: boom/)
      return true
    })
  })
})
