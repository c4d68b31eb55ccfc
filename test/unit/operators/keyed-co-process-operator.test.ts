import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { KeyedCoProcessFunction, RuntimeContext } from '../../../src/api/functions.js'
import { KeyedCoProcessOperator } from '../../../src/operators/keyed-co-process-operator.js'
import type { Key } from '../../../src/state/key.js'
import type { ValueState } from '../../../src/state/keyed-state.js'
import { valueState } from '../../../src/state/state-descriptor.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

interface Order { readonly orderId: string; readonly item: string }
interface Payment { readonly orderId: string; readonly amount: number }

/** Matches orders with payments by order id; an order unpaid when the watermark reaches its deadline times out. */
function aMatcher(): KeyedCoProcessFunction<Key, Order, Payment, string> {
  let pending!: ValueState<{ order: Order; deadlineMs: number }>
  return {
    open(context: RuntimeContext) { pending = context.getState(valueState<{ order: Order; deadlineMs: number }>('pending')) },
    processElement1(order, ctx) {
      const deadlineMs = ctx.timestamp()! + 10
      pending.update({ order, deadlineMs })
      ctx.timerService().registerEventTimeTimer(deadlineMs)
    },
    processElement2(payment, ctx, out) {
      const waiting = pending.value()
      if (waiting === undefined) return
      out.collect(`${waiting.order.item} paid ${payment.amount}`)
      pending.clear()
      ctx.timerService().deleteEventTimeTimer(waiting.deadlineMs)
    },
    onTimer(timestampMs, ctx, out) {
      out.collect(`${pending.value()!.order.item} (${ctx.getCurrentKey()}) timed out at ${timestampMs}`)
      pending.clear()
    },
  }
}

describe('KeyedCoProcessOperator', () => {
  it('shares keyed state and timers between both inputs of one key', () => {
    const operator = new KeyedCoProcessOperator<Order, Payment, string>('CoProcess', (o) => o.orderId, (p) => p.orderId, aMatcher())
    const harness = new TestingKeyedOperatorHarness<Order, string>(operator).open()
    operator.processElement1({ orderId: 'o1', item: 'book' }, 0)
    operator.processElement1({ orderId: 'o2', item: 'pen' }, 2)
    operator.processElement2({ orderId: 'o2', amount: 3 }, 5)
    operator.processElement2({ orderId: 'o3', amount: 9 }, 5)
    assert.equal(harness.numTimers(), 1)
    harness.processWatermark(20)
    assert.deepEqual(harness.output.records, [
      { value: 'pen paid 3', timestampMs: 5 },
      { value: 'book (o1) timed out at 10', timestampMs: 10 },
    ])
    assert.equal(harness.backend.numEntries(), 0)
  })

  it('wraps a throw of either input in a UserFunctionError naming the operator', () => {
    const failing: KeyedCoProcessFunction<Key, Order, Payment, string> = {
      processElement1() { throw new Error('one') },
      processElement2() { throw new Error('two') },
    }
    const operator = new KeyedCoProcessOperator<Order, Payment, string>('CoProcess', (o) => o.orderId, (p) => p.orderId, failing)
    new TestingKeyedOperatorHarness<Order, string>(operator).open()
    assert.throws(() => operator.processElement1({ orderId: 'o', item: 'x' }, 1), { name: 'UserFunctionError', operatorName: 'CoProcess' })
    assert.throws(() => operator.processElement2({ orderId: 'o', amount: 1 }, 1), { name: 'UserFunctionError', operatorName: 'CoProcess' })
  })
})
