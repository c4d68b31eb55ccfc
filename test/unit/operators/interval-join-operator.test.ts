import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ProcessJoinFunction } from '../../../src/api/functions.js'
import { UserFunctionError } from '../../../src/errors.js'
import { IntervalJoinOperator } from '../../../src/operators/interval-join-operator.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

/** An element of either side: a key and a label. */
type Event = readonly [key: string, label: string]

const pairUp: ProcessJoinFunction<Event, Event, string> = (left, right, ctx, out) => {
  out.collect(`${left[1]}+${right[1]} (${ctx.leftTimestamp()},${ctx.rightTimestamp()})`)
}

function aJoinHarness(
  lowerBoundMs: number,
  upperBoundMs: number,
  join: ProcessJoinFunction<Event, Event, string> = pairUp,
): { harness: TestingKeyedOperatorHarness<Event, string>; operator: IntervalJoinOperator<Event, Event, string> } {
  const operator = new IntervalJoinOperator<Event, Event, string>('IntervalJoin', (e) => e[0], (e) => e[0], lowerBoundMs, upperBoundMs, join)
  const harness = new TestingKeyedOperatorHarness<Event, string>(operator).open()
  return { harness, operator }
}

function records(harness: TestingKeyedOperatorHarness<Event, string>): Array<[string, number]> {
  const emitted = harness.output.records.map((r): [string, number] => [r.value, r.timestampMs])
  harness.output.records = []
  return emitted
}

describe('IntervalJoinOperator', () => {
  it('joins a left element with right elements at both bounds, inclusive, and none outside', () => {
    const { harness, operator } = aJoinHarness(-2, 3)
    operator.processElement1(['k', 'L10'], 10)
    operator.processElement2(['k', 'R7'], 7)
    operator.processElement2(['k', 'R8'], 8)
    operator.processElement2(['k', 'R10'], 10)
    operator.processElement2(['k', 'R13'], 13)
    operator.processElement2(['k', 'R14'], 14)
    assert.deepEqual(records(harness), [
      ['L10+R8 (10,8)', 10],
      ['L10+R10 (10,10)', 10],
      ['L10+R13 (10,13)', 13],
    ])
  })

  it('joins the same pairs when the right elements arrive first', () => {
    const { harness, operator } = aJoinHarness(-2, 3)
    operator.processElement2(['k', 'R7'], 7)
    operator.processElement2(['k', 'R8'], 8)
    operator.processElement2(['k', 'R13'], 13)
    operator.processElement2(['k', 'R14'], 14)
    operator.processElement1(['k', 'L10'], 10)
    assert.deepEqual(records(harness), [
      ['L10+R8 (10,8)', 10],
      ['L10+R13 (10,13)', 13],
    ])
  })

  it('emits each pair once, at the later of the two timestamps', () => {
    const { harness, operator } = aJoinHarness(-5, 5)
    operator.processElement1(['k', 'L1'], 1)
    operator.processElement2(['k', 'R4'], 4)
    operator.processElement1(['k', 'L6'], 6)
    operator.processElement2(['k', 'R2'], 2)
    assert.deepEqual(records(harness), [
      ['L1+R4 (1,4)', 4],
      ['L6+R4 (6,4)', 6],
      ['L1+R2 (1,2)', 2],
      ['L6+R2 (6,2)', 6],
    ])
  })

  it('joins only elements of the same key', () => {
    const { harness, operator } = aJoinHarness(0, 0)
    operator.processElement1(['a', 'La'], 5)
    operator.processElement1(['b', 'Lb'], 5)
    operator.processElement2(['b', 'Rb'], 5)
    operator.processElement2(['c', 'Rc'], 5)
    assert.deepEqual(records(harness), [['Lb+Rb (5,5)', 5]])
  })

  it('supports an interval entirely after the left element', () => {
    const { harness, operator } = aJoinHarness(2, 4)
    operator.processElement1(['k', 'L0'], 0)
    for (const t of [1, 2, 3, 4, 5]) operator.processElement2(['k', `R${t}`], t)
    assert.deepEqual(records(harness).map(([value]) => value), ['L0+R2 (0,2)', 'L0+R3 (0,3)', 'L0+R4 (0,4)'])
  })

  it('supports an interval entirely before the left element', () => {
    const { harness, operator } = aJoinHarness(-4, -2)
    for (const t of [5, 6, 7, 8, 9]) operator.processElement2(['k', `R${t}`], t)
    operator.processElement1(['k', 'L10'], 10)
    assert.deepEqual(records(harness).map(([value]) => value), ['L10+R6 (10,6)', 'L10+R7 (10,7)', 'L10+R8 (10,8)'])
  })

  it('drops and counts elements of either side behind the watermark, but not one at the watermark', () => {
    const { harness, operator } = aJoinHarness(-1, 1)
    operator.processElement1(['k', 'L10'], 10)
    harness.processWatermark(10)
    operator.processElement2(['k', 'R9'], 9)
    operator.processElement1(['k', 'L9'], 9)
    assert.equal(operator.numLateRecordsDropped, 2)
    assert.deepEqual(records(harness), [])
    operator.processElement2(['k', 'R10'], 10)
    assert.deepEqual(records(harness), [['L10+R10 (10,10)', 10]])
    assert.equal(operator.numLateRecordsDropped, 2)
  })

  it('keeps a left element until the watermark passes its last possible match, then drops its state', () => {
    const { harness, operator } = aJoinHarness(-2, 3)
    operator.processElement1(['k', 'L10'], 10)
    harness.processWatermark(12)
    operator.processElement2(['k', 'R12'], 12)
    assert.deepEqual(records(harness), [['L10+R12 (10,12)', 12]])
    assert.equal(harness.backend.numEntries(), 2)
    harness.processWatermark(14) // past 10 + 3 for the left, past 12 + 2 for the right
    assert.equal(harness.backend.numEntries(), 0)
    assert.equal(harness.numTimers(), 0)
  })

  it('keeps a right element until the watermark passes its last possible match', () => {
    const { harness, operator } = aJoinHarness(-2, 3)
    operator.processElement2(['k', 'R10'], 10)
    harness.processWatermark(11)
    operator.processElement1(['k', 'L12'], 12) // 12 - 2 <= 10
    assert.deepEqual(records(harness), [['L12+R10 (12,10)', 12]])
    harness.processWatermark(12) // the right element's cleanup time, 10 + 2
    assert.equal(harness.backend.numEntries(), 1)
    harness.processWatermark(15) // the left element's cleanup time, 12 + 3
    assert.equal(harness.backend.numEntries(), 0)
    assert.equal(harness.numTimers(), 0)
  })

  it('buffers several elements of one timestamp and cleans them all up', () => {
    const { harness, operator } = aJoinHarness(0, 0)
    operator.processElement1(['k', 'L1'], 5)
    operator.processElement1(['k', 'L2'], 5)
    operator.processElement2(['k', 'R1'], 5)
    operator.processElement2(['k', 'R2'], 5)
    assert.deepEqual(records(harness).map(([value]) => value), ['L1+R1 (5,5)', 'L2+R1 (5,5)', 'L1+R2 (5,5)', 'L2+R2 (5,5)'])
    harness.processWatermark(Number.POSITIVE_INFINITY)
    assert.equal(harness.backend.numEntries(), 0)
    assert.equal(harness.numTimers(), 0)
  })

  it('forwards watermarks', () => {
    const { harness } = aJoinHarness(-1, 1)
    harness.processWatermark(3)
    harness.processWatermark(7)
    assert.deepEqual(harness.output.watermarks, [3, 7])
  })

  it('wraps a throwing join function in a UserFunctionError naming the operator', () => {
    const boom = new Error('boom')
    const { operator } = aJoinHarness(-1, 1, () => { throw boom })
    operator.processElement1(['k', 'L'], 1)
    assert.throws(() => operator.processElement2(['k', 'R'], 1), (error: unknown) => {
      assert.ok(error instanceof UserFunctionError)
      assert.equal(error.operatorName, 'IntervalJoin')
      assert.equal(error.cause, boom)
      return true
    })
  })

  it('rejects elements without a timestamp with a UserFunctionError', () => {
    const { operator } = aJoinHarness(-1, 1)
    assert.throws(() => operator.processElement1(['k', 'L'], Number.NaN), { name: 'UserFunctionError', operatorName: 'IntervalJoin' })
  })
})
