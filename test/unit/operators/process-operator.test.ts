import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ProcessFunction } from '../../../src/api/functions.js'
import { ProcessOperator } from '../../../src/operators/process-operator.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

describe('ProcessOperator', () => {
  it('shows the function the element timestamp and the last watermark', () => {
    const describeContext: ProcessFunction<string, string> = {
      processElement(value, ctx, out) { out.collect(`${value} ts=${ctx.timestamp()} wm=${ctx.currentWatermark()}`) },
    }
    const harness = new TestingKeyedOperatorHarness<string, string>(new ProcessOperator('Process', describeContext)).open()
    harness.processElement('a', 5)
    harness.processWatermark(7)
    harness.processElement('b')
    assert.deepEqual(harness.output.records, [
      { value: 'a ts=5 wm=-Infinity', timestampMs: 5 },
      { value: 'b ts=undefined wm=7', timestampMs: Number.NaN },
    ])
    assert.deepEqual(harness.output.watermarks, [7])
  })

  it('wraps a throwing function in a UserFunctionError naming the operator', () => {
    const harness = new TestingKeyedOperatorHarness<string, string>(new ProcessOperator('Process', { processElement() { throw new Error('x') } })).open()
    assert.throws(() => harness.processElement('a', 1), { name: 'UserFunctionError', operatorName: 'Process' })
  })
})
