import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { KeyedProcessFunction, RuntimeContext } from '../../../src/api/functions.js'
import { UserFunctionError } from '../../../src/errors.js'
import { KeyedProcessOperator } from '../../../src/operators/keyed-process-operator.js'
import type { Key } from '../../../src/state/key.js'
import type { ListState, MapState, ValueState } from '../../../src/state/keyed-state.js'
import { listState, mapState, valueState } from '../../../src/state/state-descriptor.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

/** An element: a key and what the function should do with it. */
type Command = readonly [key: string, action: string, argument?: number]

function aProcessHarness<OUT>(fn: KeyedProcessFunction<Key, Command, OUT>, startProcessingTimeMs = 0): TestingKeyedOperatorHarness<Command, OUT> {
  const operator = new KeyedProcessOperator<Command, OUT>('KeyedProcess', (c) => c[0], fn)
  return new TestingKeyedOperatorHarness<Command, OUT>(operator, { startProcessingTimeMs }).open()
}

function records<T>(harness: TestingKeyedOperatorHarness<Command, T>): Array<[T, number]> {
  const emitted = harness.output.records.map((r): [T, number] => [r.value, r.timestampMs])
  harness.output.records = []
  return emitted
}

/** Registers and deletes timers as its elements say, and reports every timer that fires. */
const timerFunction: KeyedProcessFunction<Key, Command, string> = {
  processElement([, action, at], ctx, out) {
    const timers = ctx.timerService()
    if (action === 'event') timers.registerEventTimeTimer(at!)
    if (action === 'delete-event') timers.deleteEventTimeTimer(at!)
    if (action === 'processing') timers.registerProcessingTimeTimer(at!)
    if (action === 'delete-processing') timers.deleteProcessingTimeTimer(at!)
    if (action === 'echo') out.collect(`echo ${ctx.getCurrentKey()} ts=${ctx.timestamp()} wm=${timers.currentWatermark()}`)
  },
  onTimer(timestampMs, ctx, out) {
    out.collect(`${ctx.timeDomain()} ${ctx.getCurrentKey()}@${timestampMs} ts=${ctx.timestamp()}`)
  },
}

describe('KeyedProcessOperator', () => {
  describe('keyed state', () => {
    it('keeps value, list and map state of each key apart', () => {
      let count!: ValueState<number>
      let seen!: ListState<number>
      let byAction!: MapState<string, number>
      const fn: KeyedProcessFunction<Key, Command, string> = {
        open(context: RuntimeContext) {
          count = context.getState(valueState<number>('count', 0))
          seen = context.getListState(listState<number>('seen'))
          byAction = context.getMapState(mapState<string, number>('by-action'))
        },
        processElement([key, action, n], _ctx, out) {
          count.update(count.value()! + 1)
          seen.add(n ?? 0)
          byAction.put(action, (byAction.get(action) ?? 0) + (n ?? 0))
          out.collect(`${key}: count=${count.value()} seen=${seen.get().join(',')} map=${JSON.stringify([...byAction.entries()])}`)
        },
      }
      const harness = aProcessHarness(fn)
      harness.processElement(['a', 'x', 1], 1)
      harness.processElement(['b', 'x', 10], 2)
      harness.processElement(['a', 'y', 2], 3)
      harness.processElement(['a', 'x', 3], 4)
      harness.processElement(['b', 'y', 20], 5)
      assert.deepEqual(harness.values(), [
        'a: count=1 seen=1 map=[["x",1]]',
        'b: count=1 seen=10 map=[["x",10]]',
        'a: count=2 seen=1,2 map=[["x",1],["y",2]]',
        'a: count=3 seen=1,2,3 map=[["x",4],["y",2]]',
        'b: count=2 seen=10,20 map=[["x",10],["y",20]]',
      ])
    })

    it('emits records with the timestamp of the element being processed', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'echo'], 42)
      harness.processWatermark(50)
      harness.processElement(['b', 'echo'])
      assert.deepEqual(records(harness), [['echo a ts=42 wm=-Infinity', 42], ['echo b ts=undefined wm=50', Number.NaN]])
    })
  })

  describe('event-time timers', () => {
    it('fires a timer once the watermark reaches its timestamp, with the key and the timestamp it was set for', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'event', 10], 1)
      harness.processElement(['b', 'event', 5], 2)
      harness.processWatermark(4)
      assert.deepEqual(records(harness), [])
      harness.processWatermark(9)
      assert.deepEqual(records(harness), [['EVENT_TIME b@5 ts=5', 5]])
      harness.processWatermark(10)
      assert.deepEqual(records(harness), [['EVENT_TIME a@10 ts=10', 10]])
      assert.equal(harness.numTimers(), 0)
    })

    it('fires a timer registered twice for one key only once, but once for each key', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'event', 10], 1)
      harness.processElement(['a', 'event', 10], 2)
      harness.processElement(['b', 'event', 10], 3)
      assert.equal(harness.numTimers(), 2)
      harness.processWatermark(100)
      assert.deepEqual(harness.values(), ['EVENT_TIME a@10 ts=10', 'EVENT_TIME b@10 ts=10'])
    })

    it('fires the timers a watermark passes in timestamp order', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'event', 30], 1)
      harness.processElement(['b', 'event', 10], 1)
      harness.processElement(['a', 'event', 20], 1)
      harness.processWatermark(Number.POSITIVE_INFINITY)
      assert.deepEqual(harness.values(), ['EVENT_TIME b@10 ts=10', 'EVENT_TIME a@20 ts=20', 'EVENT_TIME a@30 ts=30'])
    })

    it('does not fire a deleted timer, and deletes only the timer of the current key', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'event', 10], 1)
      harness.processElement(['b', 'event', 10], 1)
      harness.processElement(['a', 'delete-event', 10], 2)
      harness.processElement(['b', 'delete-event', 11], 2) // no such timer: nothing happens
      harness.processWatermark(20)
      assert.deepEqual(harness.values(), ['EVENT_TIME b@10 ts=10'])
    })

    it('fires a timer set from a timer when the same watermark already passed it', () => {
      const fn: KeyedProcessFunction<Key, Command, string> = {
        processElement(_command, ctx) { ctx.timerService().registerEventTimeTimer(10) },
        onTimer(timestampMs, ctx, out) {
          out.collect(`fired ${timestampMs}`)
          if (timestampMs === 10) ctx.timerService().registerEventTimeTimer(15)
        },
      }
      const harness = aProcessHarness(fn)
      harness.processElement(['a', 'go'], 1)
      harness.processWatermark(20)
      assert.deepEqual(harness.values(), ['fired 10', 'fired 15'])
    })

    it('fires a timer set behind the watermark at the next watermark', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processWatermark(10)
      harness.processElement(['a', 'event', 5], 11)
      assert.deepEqual(harness.values(), [])
      harness.processWatermark(11)
      assert.deepEqual(harness.values(), ['EVENT_TIME a@5 ts=5'])
    })

    it('forwards the watermark after the timers it fired', () => {
      const harness = aProcessHarness(timerFunction)
      const order: string[] = []
      harness.output.collect = (value) => { order.push(String(value)) }
      harness.output.emitWatermark = (wm) => { order.push(`watermark ${wm}`) }
      harness.processElement(['a', 'event', 5], 1)
      harness.processWatermark(7)
      assert.deepEqual(order, ['EVENT_TIME a@5 ts=5', 'watermark 7'])
    })
  })

  describe('processing-time timers', () => {
    it('fires when the clock reaches the timer, without a record timestamp', () => {
      const harness = aProcessHarness(timerFunction, 100)
      harness.processElement(['a', 'processing', 150], 1)
      harness.processElement(['b', 'processing', 120], 1)
      harness.processElement(['b', 'processing', 120], 1)
      harness.advanceProcessingTimeTo(119)
      assert.deepEqual(records(harness), [])
      harness.advanceProcessingTimeTo(130)
      assert.deepEqual(records(harness), [['PROCESSING_TIME b@120 ts=120', Number.NaN]])
      harness.processWatermark(Number.POSITIVE_INFINITY) // watermarks fire no processing-time timers
      assert.deepEqual(records(harness), [])
      harness.advanceProcessingTimeTo(150)
      assert.deepEqual(records(harness), [['PROCESSING_TIME a@150 ts=150', Number.NaN]])
      assert.equal(harness.numTimers(), 0)
    })

    it('does not fire a deleted processing-time timer', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'processing', 10])
      harness.processElement(['a', 'processing', 20])
      harness.processElement(['a', 'delete-processing', 10])
      harness.advanceProcessingTimeTo(30)
      assert.deepEqual(harness.values(), ['PROCESSING_TIME a@20 ts=20'])
    })

    it('reports the time domain of each timer to the same function', () => {
      const harness = aProcessHarness(timerFunction)
      harness.processElement(['a', 'processing', 5], 1)
      harness.processElement(['a', 'event', 5], 1)
      harness.processWatermark(5)
      harness.advanceProcessingTimeTo(5)
      assert.deepEqual(harness.values(), ['EVENT_TIME a@5 ts=5', 'PROCESSING_TIME a@5 ts=5'])
    })
  })

  describe('user function failures', () => {
    it('wraps a throw in processElement in a UserFunctionError naming the operator', () => {
      const boom = new Error('boom')
      const harness = aProcessHarness<string>({ processElement() { throw boom } })
      assert.throws(() => harness.processElement(['a', 'x'], 1), (error: unknown) => {
        assert.ok(error instanceof UserFunctionError)
        assert.equal(error.operatorName, 'KeyedProcess')
        assert.equal(error.cause, boom)
        return true
      })
    })

    it('wraps a throw in onTimer, in open and in the key selector', () => {
      const failingTimer: KeyedProcessFunction<Key, Command, string> = {
        processElement(_command, ctx) { ctx.timerService().registerEventTimeTimer(1) },
        onTimer() { throw new RangeError('timer') },
      }
      const harness = aProcessHarness(failingTimer)
      harness.processElement(['a', 'x'], 1)
      assert.throws(() => harness.processWatermark(1), { name: 'UserFunctionError', operatorName: 'KeyedProcess' })

      assert.throws(() => aProcessHarness({ open() { throw new Error('open') }, processElement() {} }),
        { name: 'UserFunctionError', operatorName: 'KeyedProcess' })

      const keyless = new KeyedProcessOperator<Command, string>('Keyless', () => { throw new Error('key') }, { processElement() {} })
      const keylessHarness = new TestingKeyedOperatorHarness<Command, string>(keyless).open()
      assert.throws(() => keylessHarness.processElement(['a', 'x'], 1), { name: 'UserFunctionError', operatorName: 'Keyless' })
    })
  })
})
