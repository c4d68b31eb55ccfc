import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ProcessWindowFunction } from '../../../../src/api/windowing/process-window-function.js'
import { SlidingEventTimeWindows } from '../../../../src/api/windowing/sliding-event-time-windows.js'
import type { TimeWindow } from '../../../../src/api/windowing/time-window.js'
import { SlicedWindowOperator, canSlice, type MergeableAggregateFunction } from '../../../../src/operators/window/sliced-window-operator.js'
import { WindowOperator } from '../../../../src/operators/window/window-operator.js'
import { TestingKeyedOperatorHarness } from '../../../support/testing-keyed-operator-harness.js'
import { aRandom } from '../../../support/seeded-random.js'
import { aScenario, type Event } from '../../../support/window-scenarios.js'

/** Collects the values of a window; merge builds a new list, so no slice's accumulator is changed. */
const collectValues: MergeableAggregateFunction<Event, number[], number[]> = {
  createAccumulator: () => [],
  add: (event, values) => { values.push(event[1]); return values },
  getResult: (values) => [...values].sort((a, b) => a - b),
  merge: (a, b) => [...a, ...b],
}

const describeWindow: ProcessWindowFunction<number[], string, string, TimeWindow> = {
  process(key, context, results, out) {
    for (const values of results) out.collect(`${key} [${context.window.start}, ${context.window.end}): ${values.join(',')}`)
  },
}

function aSlicedOperator(assigner: SlidingEventTimeWindows): SlicedWindowOperator<Event, number[], number[], string, string> {
  return new SlicedWindowOperator({ name: 'Sliced', keySelector: (e) => e[0], assigner, aggregate: collectValues, windowFunction: describeWindow })
}

describe('SlicedWindowOperator', () => {
  it('slices only sliding windows whose slide divides the size, without allowed lateness', () => {
    assert.equal(canSlice(SlidingEventTimeWindows.of(10, 2), 0), true)
    assert.equal(canSlice(SlidingEventTimeWindows.of(10, 3), 0), false)
    assert.equal(canSlice(SlidingEventTimeWindows.of(10, 10), 0), false)
    assert.equal(canSlice(SlidingEventTimeWindows.of(10, 2), 5), false)
  })

  it('fires every window an element falls in, stamped with the window end - 1', () => {
    const harness = new TestingKeyedOperatorHarness<Event, string>(aSlicedOperator(SlidingEventTimeWindows.of(6, 2))).open()
    harness.processElement(['a', 1], 3)
    harness.processElement(['a', 2], 4)
    harness.processWatermark(Number.POSITIVE_INFINITY)
    assert.deepEqual(harness.output.records, [
      { value: 'a [-2, 4): 1', timestampMs: 3 },
      { value: 'a [0, 6): 1,2', timestampMs: 5 },
      { value: 'a [2, 8): 1,2', timestampMs: 7 },
      { value: 'a [4, 10): 2', timestampMs: 9 },
    ])
    assert.equal(harness.numTimers(), 0)
    assert.equal(harness.backend.numEntries(), 0)
  })

  it('counts an element late for some windows in the later ones, and drops one late for all', () => {
    const operator = aSlicedOperator(SlidingEventTimeWindows.of(6, 2))
    const harness = new TestingKeyedOperatorHarness<Event, string>(operator).open()
    harness.processElement(['a', 1], 1)
    harness.processWatermark(3) // fires [-4, 2) and [-2, 4)
    assert.deepEqual(harness.takeValues(), ['a [-4, 2): 1', 'a [-2, 4): 1'])
    harness.processElement(['a', 2], 0) // [-4, 2) and [-2, 4) fired, [0, 6) did not
    harness.processElement(['a', 3], -3) // all its windows fired
    assert.equal(operator.numLateRecordsDropped, 1)
    harness.processWatermark(Number.POSITIVE_INFINITY)
    assert.deepEqual(harness.takeValues(), ['a [0, 6): 1,2'])
  })

  it('gives the same results as the WindowOperator for any order of elements', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = aRandom(seed * 6271)
      const slideMs = 1 + Math.floor(random() * 5)
      const assigner = SlidingEventTimeWindows.of(slideMs * (2 + Math.floor(random() * 4)), slideMs)
      const sliced = aSlicedOperator(assigner)
      const reference = new WindowOperator<Event, string, string>({
        name: 'Reference', keySelector: (e) => e[0], assigner, contents: { kind: 'aggregate', aggregate: collectValues, windowFunction: describeWindow as never },
      })
      const slicedHarness = new TestingKeyedOperatorHarness<Event, string>(sliced).open()
      const referenceHarness = new TestingKeyedOperatorHarness<Event, string>(reference).open()
      for (const [index, step] of aScenario(aRandom(seed)).entries()) {
        for (const harness of [slicedHarness, referenceHarness]) {
          if (step.kind === 'element') harness.processElement([step.key, step.value], step.timestampMs)
          else harness.processWatermark(step.watermarkMs)
        }
        const where = `seed ${seed}, step ${index}: ${JSON.stringify(step)}`
        assert.deepEqual(slicedHarness.takeValues().sort(), referenceHarness.takeValues().sort(), where)
      }
      assert.equal(sliced.numLateRecordsDropped, reference.numLateRecordsDropped, `seed ${seed}: late records dropped`)
      assert.equal(slicedHarness.numTimers(), 0, `seed ${seed}: timers left`)
      assert.equal(slicedHarness.backend.numEntries(), 0, `seed ${seed}: state left`)
    }
  })
})
