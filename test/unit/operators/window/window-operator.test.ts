import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MissingRecordTimestampError, StateMergeUnsupportedError, UserFunctionError } from '../../../../src/errors.js'
import { EventTimeSessionWindows } from '../../../../src/api/windowing/event-time-session-windows.js'
import type { ProcessWindowFunction } from '../../../../src/api/windowing/process-window-function.js'
import { ProcessingTimeSessionWindows } from '../../../../src/api/windowing/processing-time-session-windows.js'
import { SlidingEventTimeWindows } from '../../../../src/api/windowing/sliding-event-time-windows.js'
import type { TimeWindow } from '../../../../src/api/windowing/time-window.js'
import { TumblingEventTimeWindows } from '../../../../src/api/windowing/tumbling-event-time-windows.js'
import { TumblingProcessingTimeWindows } from '../../../../src/api/windowing/tumbling-processing-time-windows.js'
import type { WindowAssigner } from '../../../../src/api/windowing/window-assigner.js'
import type { WindowContents } from '../../../../src/operators/window/window-contents.js'
import { WindowOperator } from '../../../../src/operators/window/window-operator.js'
import type { AggregateFunction } from '../../../../src/state/state-descriptor.js'
import { TestingKeyedOperatorHarness } from '../../../support/testing-keyed-operator-harness.js'

/** An element: a key and a value. */
type Event = readonly [key: string, value: number]

const sumOfValues = (a: Event, b: Event): Event => [a[0], a[1] + b[1]]

/** Emits "key [start, end): v1,v2,..." for each firing: shows the window and every element in it. */
const describeWindow: ProcessWindowFunction<Event, string, string, TimeWindow> = {
  process(key, context, elements, out) {
    const values = [...elements].map((e) => e[1])
    out.collect(`${key} [${context.window.start}, ${context.window.end}): ${values.join(',')}`)
  },
}

function aWindowHarness<OUT = Event>(
  assigner: WindowAssigner<TimeWindow>,
  options: { contents?: WindowContents<Event, OUT, string>; allowedLatenessMs?: number; startProcessingTimeMs?: number } = {},
): { harness: TestingKeyedOperatorHarness<Event, OUT>; operator: WindowOperator<Event, OUT, string> } {
  const operator = new WindowOperator<Event, OUT, string>({
    name: 'Window(Test)',
    keySelector: (e) => e[0],
    assigner,
    allowedLatenessMs: options.allowedLatenessMs,
    contents: options.contents ?? ({ kind: 'reduce', reduce: sumOfValues } as WindowContents<Event, OUT, string>),
  })
  const harness = new TestingKeyedOperatorHarness<Event, OUT>(operator, { startProcessingTimeMs: options.startProcessingTimeMs }).open()
  return { harness, operator }
}

function records<T>(harness: TestingKeyedOperatorHarness<Event, T>): Array<[T, number]> {
  const emitted = harness.output.records.map((r): [T, number] => [r.value, r.timestampMs])
  harness.output.records = []
  return emitted
}

describe('WindowOperator', () => {
  describe('tumbling event-time windows', () => {
    it('fires a window when the watermark reaches its last timestamp (end - 1), not before', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10))
      harness.processElement(['a', 1], 0)
      harness.processElement(['b', 5], 3)
      harness.processElement(['a', 2], 9)
      harness.processElement(['a', 4], 10)
      harness.processWatermark(8)
      assert.deepEqual(records(harness), [])
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [[['a', 3], 9], [['b', 5], 9]])
      harness.processWatermark(18)
      assert.deepEqual(records(harness), [])
      harness.processWatermark(19)
      assert.deepEqual(records(harness), [[['a', 4], 19]])
    })

    it('forwards every watermark after the windows it fired', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10))
      const order: string[] = []
      harness.output.collect = (value) => { order.push(`record ${JSON.stringify(value)}`) }
      harness.output.emitWatermark = (wm) => { order.push(`watermark ${wm}`) }
      harness.processElement(['a', 1], 5)
      harness.processWatermark(3)
      harness.processWatermark(9)
      assert.deepEqual(order, ['watermark 3', 'record ["a",1]', 'watermark 9'])
    })

    it('fires every pending window, in timestamp order, on the final +Infinity watermark', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10))
      harness.processElement(['a', 1], 25)
      harness.processElement(['b', 2], 1)
      harness.processElement(['a', 3], 12)
      harness.processElement(['a', 4], 27)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [[['b', 2], 9], [['a', 3], 19], [['a', 5], 29]])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('puts windows at the offset and handles negative timestamps', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10, 3), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 1], -5)
      harness.processElement(['a', 2], 2)
      harness.processElement(['a', 3], 3)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a [-7, 3): 1,2', 2], ['a [3, 13): 3', 12]])
    })

    it('keeps the state of each key apart and drops it once the window fired', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10))
      harness.processElement(['a', 1], 1)
      harness.processElement(['b', 10], 2)
      harness.processElement(['a', 100], 3)
      assert.equal(harness.backend.numEntries(), 2)
      assert.equal(harness.numTimers(), 2)
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [[['a', 101], 9], [['b', 10], 9]])
      assert.equal(harness.backend.numEntries(), 0)
      assert.equal(harness.numTimers(), 0)
    })

    it('aggregates through an accumulator and hands the result to the window function', () => {
      const average: AggregateFunction<Event, { sum: number; count: number }, number> = {
        createAccumulator: () => ({ sum: 0, count: 0 }),
        add: (e, acc) => ({ sum: acc.sum + e[1], count: acc.count + 1 }),
        getResult: (acc) => acc.sum / acc.count,
      }
      const withWindow: ProcessWindowFunction<unknown, string, string, TimeWindow> = {
        process(key, context, elements, out) {
          out.collect(`${key}@${context.window.start}: ${[...elements].join(',')}`)
        },
      }
      const { harness } = aWindowHarness<string>(TumblingEventTimeWindows.of(10), {
        contents: { kind: 'aggregate', aggregate: average as AggregateFunction<Event, unknown, unknown>, windowFunction: withWindow },
      })
      harness.processElement(['a', 1], 1)
      harness.processElement(['a', 4], 2)
      harness.processElement(['a', 7], 11)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a@0: 2.5', 9], ['a@10: 7', 19]])
    })

    it('shows the window function the watermark that fired the window', () => {
      const watermarks: number[] = []
      const { harness } = aWindowHarness<string>(TumblingEventTimeWindows.of(10), {
        contents: { kind: 'process', windowFunction: { process(_key, context) { watermarks.push(context.currentWatermark()) } } },
      })
      harness.processElement(['a', 1], 1)
      harness.processElement(['a', 1], 11)
      harness.processWatermark(15)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(watermarks, [15, Number.POSITIVE_INFINITY])
    })

    it('rejects an element without a timestamp with MissingRecordTimestampError', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10))
      assert.throws(() => harness.processElement(['a', 1]), MissingRecordTimestampError)
    })

    it('hands a process window function every element in arrival order', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 3], 7)
      harness.processElement(['a', 1], 1)
      harness.processElement(['a', 2], 4)
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [['a [0, 10): 3,1,2', 9]])
    })
  })

  describe('sliding event-time windows', () => {
    it('puts each element into size/slide windows and fires each at its own end', () => {
      const { harness } = aWindowHarness(SlidingEventTimeWindows.of(10, 5), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 7], 7)
      harness.processElement(['a', 12], 12)
      harness.processElement(['a', 2], 2)
      harness.processWatermark(4)
      assert.deepEqual(records(harness), [['a [-5, 5): 2', 4]])
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [['a [0, 10): 7,2', 9]])
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a [5, 15): 7,12', 14], ['a [10, 20): 12', 19]])
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('leaves elements between windows out when the slide exceeds the size', () => {
      const { harness } = aWindowHarness(SlidingEventTimeWindows.of(5, 10), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 3], 3)
      harness.processElement(['a', 7], 7)
      harness.processElement(['a', 11], 11)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a [0, 5): 3', 4], ['a [10, 15): 11', 14]])
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('reduces each window separately', () => {
      const { harness } = aWindowHarness(SlidingEventTimeWindows.of(6, 2))
      for (let t = 0; t < 6; t++) harness.processElement(['a', 1], t)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [
        [['a', 2], 1], // [-4, 2)
        [['a', 4], 3], // [-2, 4)
        [['a', 6], 5], // [0, 6)
        [['a', 4], 7], // [2, 8)
        [['a', 2], 9], // [4, 10)
      ])
    })
  })

  describe('event-time session windows', () => {
    it('merges overlapping and touching sessions and keeps sessions a gap apart separate', () => {
      const { harness } = aWindowHarness(EventTimeSessionWindows.withGap(10), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 1], 0)
      harness.processElement(['a', 2], 5) // [5, 15) overlaps [0, 10)
      harness.processElement(['a', 3], 15) // [15, 25) touches [0, 15)
      harness.processElement(['a', 4], 40) // a gap of 15 after 25: a new session
      harness.processElement(['b', 5], 3)
      harness.processWatermark(12)
      assert.deepEqual(records(harness), [['b [3, 13): 5', 12]])
      harness.processWatermark(24)
      assert.deepEqual(records(harness), [['a [0, 25): 1,2,3', 24]])
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a [40, 50): 4', 49]])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('merges a session that bridges two sessions into one window with all their contents', () => {
      const { harness } = aWindowHarness(EventTimeSessionWindows.withGap(10))
      harness.processElement(['a', 1], 0)
      harness.processElement(['a', 10], 25)
      harness.processElement(['a', 100], 12) // [12, 22) touches neither... until the next one
      harness.processElement(['a', 1000], 8) // [8, 18) bridges [0, 10) and [12, 22); [12, 22) touches nothing else
      harness.processWatermark(21)
      assert.deepEqual(records(harness), [[['a', 1101], 21]])
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [[['a', 10], 34]])
    })

    it('merges out-of-order elements so that the session fires once, at the end of the merged window', () => {
      const { harness } = aWindowHarness(EventTimeSessionWindows.withGap(10))
      harness.processElement(['a', 1], 20)
      harness.processElement(['a', 2], 0)
      harness.processElement(['a', 4], 10) // [10, 20) touches [0, 10) and [20, 30)
      harness.processWatermark(9)
      harness.processWatermark(19)
      assert.deepEqual(records(harness), [])
      harness.processWatermark(29)
      assert.deepEqual(records(harness), [[['a', 7], 29]])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('merges a late element into a session that already fired and fires the merged session again', () => {
      const { harness, operator } = aWindowHarness(EventTimeSessionWindows.withGap(10), { allowedLatenessMs: 100 })
      harness.processElement(['a', 1], 0)
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      harness.processElement(['a', 2], 3) // [3, 13) grows the fired [0, 10) into [0, 13): fires when 12 passes
      assert.deepEqual(records(harness), [])
      harness.processWatermark(12)
      assert.deepEqual(records(harness), [[['a', 3], 12]])
      harness.processElement(['a', 4], 1) // falls inside [0, 13), whose end passed: fires at once
      assert.deepEqual(records(harness), [[['a', 7], 12]])
      harness.processWatermark(112)
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
      harness.processElement(['a', 8], 2)
      assert.deepEqual(records(harness), [])
      assert.equal(operator.numLateRecordsDropped, 1)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('joins a late element that bridges a fired session and a pending one into one session', () => {
      const { harness } = aWindowHarness(EventTimeSessionWindows.withGap(10), { allowedLatenessMs: 50 })
      harness.processElement(['a', 1], 0)
      harness.processElement(['a', 2], 20)
      harness.processWatermark(10)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      harness.processElement(['a', 4], 10) // [10, 20) touches [0, 10) and [20, 30)
      assert.deepEqual(records(harness), [])
      harness.processWatermark(29)
      assert.deepEqual(records(harness), [[['a', 7], 29]])
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('merges the accumulators of aggregate sessions', () => {
      const count: AggregateFunction<Event, number, string> = {
        createAccumulator: () => 0,
        add: (_e, acc) => acc + 1,
        getResult: (acc) => `count=${acc}`,
        merge: (a, b) => a + b,
      }
      const { harness } = aWindowHarness<string>(EventTimeSessionWindows.withGap(10), {
        contents: { kind: 'aggregate', aggregate: count as AggregateFunction<Event, unknown, unknown> },
      })
      harness.processElement(['a', 0], 0)
      harness.processElement(['a', 0], 1)
      harness.processElement(['a', 0], 30)
      harness.processElement(['a', 0], 11) // [11, 21) touches [0, 11)
      harness.processElement(['a', 0], 21) // [21, 31) joins [0, 21) and [30, 40)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['count=5', 39]])
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('fails with StateMergeUnsupportedError when an aggregate session must merge without merge()', () => {
      const count: AggregateFunction<Event, number, number> = { createAccumulator: () => 0, add: (_e, acc) => acc + 1, getResult: (acc) => acc }
      const { harness } = aWindowHarness<number>(EventTimeSessionWindows.withGap(10), {
        contents: { kind: 'aggregate', aggregate: count as AggregateFunction<Event, unknown, unknown> },
      })
      harness.processElement(['a', 0], 0)
      harness.processElement(['a', 0], 20)
      assert.throws(() => harness.processElement(['a', 0], 10), StateMergeUnsupportedError)
    })

    it('runs the window function behind a reduce once per firing, with the reduced value only', () => {
      const { harness } = aWindowHarness<string>(EventTimeSessionWindows.withGap(5), {
        contents: { kind: 'reduce', reduce: sumOfValues, windowFunction: describeWindow },
      })
      harness.processElement(['a', 1], 0)
      harness.processElement(['a', 2], 3)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(records(harness), [['a [0, 8): 3', 7]])
    })
  })

  describe('allowed lateness', () => {
    it('fires a window again, with the updated result, for a late element within the lateness', () => {
      const { harness, operator } = aWindowHarness(TumblingEventTimeWindows.of(10), { allowedLatenessMs: 5 })
      harness.processElement(['a', 1], 1)
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      harness.processElement(['a', 2], 2)
      assert.deepEqual(records(harness), [[['a', 3], 9]])
      harness.processWatermark(13)
      harness.processElement(['a', 4], 9)
      assert.deepEqual(records(harness), [[['a', 7], 9]])
      assert.equal(operator.numLateRecordsDropped, 0)
    })

    it('fires at once a window that gets its first element after its end but within the lateness', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10), { allowedLatenessMs: 5 })
      harness.processWatermark(12)
      harness.processElement(['a', 1], 5)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      harness.processWatermark(14)
      assert.equal(harness.backend.numEntries(), 0)
      assert.equal(harness.numTimers(), 0)
    })

    it('drops and counts an element whose window is past its cleanup time, and keeps no state for it', () => {
      const { harness, operator } = aWindowHarness(TumblingEventTimeWindows.of(10), { allowedLatenessMs: 5 })
      harness.processElement(['a', 1], 1)
      harness.processWatermark(13)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      assert.equal(harness.backend.numEntries(), 1)
      harness.processWatermark(14) // cleanup time: 9 + 5
      assert.equal(harness.backend.numEntries(), 0)
      assert.equal(harness.numTimers(), 0)
      harness.processElement(['a', 2], 3)
      assert.deepEqual(records(harness), [])
      assert.equal(operator.numLateRecordsDropped, 1)
      assert.equal(harness.backend.numEntries(), 0)
      assert.equal(harness.numTimers(), 0)
    })

    it('drops an element of an already fired window when there is no lateness', () => {
      const { harness, operator } = aWindowHarness(TumblingEventTimeWindows.of(10))
      harness.processElement(['a', 1], 1)
      harness.processWatermark(9)
      harness.processElement(['a', 2], 9)
      harness.processElement(['a', 3], 10)
      assert.deepEqual(records(harness), [[['a', 1], 9]])
      assert.equal(operator.numLateRecordsDropped, 1)
      harness.processWatermark(19)
      assert.deepEqual(records(harness), [[['a', 3], 19]])
    })

    it('fires then cleans up a window when one watermark passes both its end and its cleanup time', () => {
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10), { allowedLatenessMs: 5 })
      harness.processElement(['a', 1], 1)
      harness.processElement(['a', 2], 12)
      harness.processWatermark(100)
      assert.deepEqual(records(harness), [[['a', 1], 9], [['a', 2], 19]])
      assert.equal(harness.backend.numEntries(), 0)
      assert.equal(harness.numTimers(), 0)
    })

    it('counts an element dropped from some sliding windows only when it is late for all of them', () => {
      const { harness, operator } = aWindowHarness(SlidingEventTimeWindows.of(10, 5), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processWatermark(9)
      harness.processElement(['a', 7], 7) // [0, 10) is gone, [5, 15) is not
      assert.equal(operator.numLateRecordsDropped, 0)
      harness.processElement(['a', 3], 3) // [-5, 5) and [0, 10) are both gone
      assert.equal(operator.numLateRecordsDropped, 1)
      harness.processWatermark(14)
      assert.deepEqual(records(harness), [['a [5, 15): 7', 14]])
    })
  })

  describe('processing-time windows', () => {
    it('assigns elements by the clock and fires when the clock reaches the window end - 1', () => {
      const { harness } = aWindowHarness(TumblingProcessingTimeWindows.of(10), { startProcessingTimeMs: 3 })
      harness.processElement(['a', 1])
      harness.processElement(['b', 2])
      harness.advanceProcessingTimeTo(7)
      harness.processElement(['a', 3])
      harness.advanceProcessingTimeTo(8)
      assert.deepEqual(records(harness), [])
      harness.advanceProcessingTimeTo(9)
      assert.deepEqual(records(harness), [[['a', 4], 9], [['b', 2], 9]])
      harness.advanceProcessingTimeTo(12)
      harness.processElement(['a', 5])
      harness.processWatermark(Number.POSITIVE_INFINITY) // watermarks do not fire processing-time windows
      assert.deepEqual(records(harness), [])
      harness.advanceProcessingTimeTo(35)
      assert.deepEqual(records(harness), [[['a', 5], 19]])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
      assert.deepEqual(harness.processingTime.pendingTimestamps(), [])
    })

    it('merges processing-time sessions and fires once the clock passes the merged end', () => {
      const { harness } = aWindowHarness(ProcessingTimeSessionWindows.withGap(10), { contents: { kind: 'process', windowFunction: describeWindow } })
      harness.processElement(['a', 1])
      harness.advanceProcessingTimeTo(5)
      harness.processElement(['a', 2])
      harness.processElement(['b', 3])
      harness.advanceProcessingTimeTo(13)
      assert.deepEqual(records(harness), [])
      harness.advanceProcessingTimeTo(14)
      assert.deepEqual(records(harness), [['a [0, 15): 1,2', 14], ['b [5, 15): 3', 14]])
      harness.advanceProcessingTimeTo(30)
      harness.processElement(['a', 4])
      harness.advanceProcessingTimeTo(100)
      assert.deepEqual(records(harness), [['a [30, 40): 4', 39]])
      assert.equal(harness.numTimers(), 0)
      assert.equal(harness.backend.numEntries(), 0)
    })

    it('ignores event timestamps and never counts an element late', () => {
      const { harness, operator } = aWindowHarness(TumblingProcessingTimeWindows.of(10), { startProcessingTimeMs: 21, allowedLatenessMs: 1000 })
      harness.processWatermark(500)
      harness.processElement(['a', 1], 0)
      harness.advanceProcessingTimeTo(29)
      assert.deepEqual(records(harness), [[['a', 1], 29]])
      assert.equal(operator.numLateRecordsDropped, 0)
      assert.equal(harness.backend.numEntries(), 0)
    })
  })

  describe('user function failures', () => {
    it('wraps a throwing reduce function in a UserFunctionError naming the operator', () => {
      const boom = new Error('boom')
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10), { contents: { kind: 'reduce', reduce: () => { throw boom } } })
      harness.processElement(['a', 1], 1)
      assert.throws(() => harness.processElement(['a', 2], 2), (error: unknown) => {
        assert.ok(error instanceof UserFunctionError)
        assert.equal(error.operatorName, 'Window(Test)')
        assert.equal(error.cause, boom)
        return true
      })
    })

    it('wraps a throwing window function and a throwing key selector', () => {
      const failing: ProcessWindowFunction<Event, string, string, TimeWindow> = { process() { throw new TypeError('bad window') } }
      const { harness } = aWindowHarness(TumblingEventTimeWindows.of(10), { contents: { kind: 'process', windowFunction: failing } })
      harness.processElement(['a', 1], 1)
      assert.throws(() => harness.processWatermark(9), { name: 'UserFunctionError', operatorName: 'Window(Test)' })
      const operator = new WindowOperator<Event, Event, string>({
        name: 'Window(Keyless)',
        keySelector: () => { throw new Error('no key') },
        assigner: TumblingEventTimeWindows.of(10),
        contents: { kind: 'reduce', reduce: sumOfValues },
      })
      const keyless = new TestingKeyedOperatorHarness<Event, Event>(operator).open()
      assert.throws(() => keyless.processElement(['a', 1], 1), { name: 'UserFunctionError', operatorName: 'Window(Keyless)' })
    })
  })
})
