import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { reduceAsAggregate, StreamGroupedAggregate } from '../../../src/operators/stream-grouped-aggregate.js'
import type { AggregateFunction } from '../../../src/state/state-descriptor.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

type Event = readonly [key: string, value: number]

describe('StreamGroupedAggregate', () => {
  it('emits the rolling reduce of each key with the element timestamp', () => {
    const sum = reduceAsAggregate<Event>((a, b) => [a[0], a[1] + b[1]])
    const harness = new TestingKeyedOperatorHarness<Event, Event>(new StreamGroupedAggregate('Keyed Reduce', (e: Event) => e[0], sum)).open()
    harness.processElement(['a', 1], 1)
    harness.processElement(['b', 10], 2)
    harness.processElement(['a', 2], 3)
    harness.processElement(['a', 3], 4)
    assert.deepEqual(harness.output.records, [
      { value: ['a', 1], timestampMs: 1 },
      { value: ['b', 10], timestampMs: 2 },
      { value: ['a', 3], timestampMs: 3 },
      { value: ['a', 6], timestampMs: 4 },
    ])
    assert.equal(harness.backend.numEntries(), 2)
  })

  it('emits the result of an aggregate function per key', () => {
    const count: AggregateFunction<Event, number, string> = {
      createAccumulator: () => 0,
      add: (_e, acc) => acc + 1,
      getResult: (acc) => `n=${acc}`,
    }
    const harness = new TestingKeyedOperatorHarness<Event, string>(new StreamGroupedAggregate('Keyed Aggregate', (e: Event) => e[0], count)).open()
    harness.processElement(['a', 0], 1)
    harness.processElement(['b', 0], 1)
    harness.processElement(['a', 0], 1)
    assert.deepEqual(harness.values(), ['n=1', 'n=1', 'n=2'])
  })

  it('wraps a throwing aggregate in a UserFunctionError naming the operator', () => {
    const failing = reduceAsAggregate<Event>(() => { throw new Error('x') })
    const harness = new TestingKeyedOperatorHarness<Event, Event>(new StreamGroupedAggregate('Keyed Reduce', (e: Event) => e[0], failing)).open()
    harness.processElement(['a', 1], 1)
    assert.throws(() => harness.processElement(['a', 2], 2), { name: 'UserFunctionError', operatorName: 'Keyed Reduce' })
  })
})
