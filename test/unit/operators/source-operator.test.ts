import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { InputStatus, ReaderOutput, Source } from '../../../src/api/source.js'
import { WatermarkStrategy } from '../../../src/api/watermark-strategy.js'
import { UserFunctionError } from '../../../src/errors.js'
import { SourceOperator } from '../../../src/operators/source-operator.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'

/** An event with its own event time. */
interface Event { readonly id: string; readonly atMs: number }

/** A bounded source of fixed events in one split, read `maxRecords` at a time; the events carry no source timestamp. */
function aSource(events: readonly Event[]): Source<Event> {
  return {
    boundedness: 'BOUNDED',
    createSplits: () => [{ splitId: 'all' }],
    createReader: () => {
      let next = 0
      return {
        addSplits() {},
        pollNext(output: ReaderOutput<Event>, maxRecords: number): InputStatus {
          for (let i = 0; i < maxRecords && next < events.length; i++) output.collect(events[next++]!)
          return next < events.length ? 'MORE_AVAILABLE' : 'END_OF_INPUT'
        },
        snapshotState: () => [],
      }
    },
  }
}

function aSourceHarness(events: readonly Event[], strategy: WatermarkStrategy<Event> | undefined, clock = { nowMs: 0 }) {
  const operator = new SourceOperator<Event>('Source: events', aSource(events), strategy)
  const statusChanges: boolean[] = []
  operator.onStatusChange = (isIdle) => { statusChanges.push(isIdle) }
  operator.nowMs = () => clock.nowMs
  const harness = new TestingKeyedOperatorHarness<never, Event>(operator).open()
  return { operator, harness, statusChanges }
}

const byAtMs = WatermarkStrategy.forBoundedOutOfOrderness<Event>(5).withTimestampAssigner((e) => e.atMs)

describe('SourceOperator', () => {
  it('stamps records with the timestamp assigner', () => {
    const { operator, harness } = aSourceHarness([{ id: 'a', atMs: 10 }, { id: 'b', atMs: 3 }], byAtMs)
    assert.equal(operator.pollNext(10), 'END_OF_INPUT')
    assert.deepEqual(harness.output.records.map((r) => [r.value.id, r.timestampMs]), [['a', 10], ['b', 3]])
  })

  it('emits no timestamp and no watermark without a strategy, except the final one', () => {
    const { operator, harness } = aSourceHarness([{ id: 'a', atMs: 10 }], undefined)
    operator.pollNext(10)
    operator.emitPeriodicWatermark()
    assert.ok(Number.isNaN(harness.output.records[0]!.timestampMs))
    assert.deepEqual(harness.output.watermarks, [])
    operator.emitFinalWatermark()
    assert.deepEqual(harness.output.watermarks, [Number.POSITIVE_INFINITY])
  })

  it('emits the highest timestamp minus the out-of-orderness minus 1, periodically and never backwards', () => {
    const { operator, harness } = aSourceHarness(
      [{ id: 'a', atMs: 20 }, { id: 'b', atMs: 12 }, { id: 'c', atMs: 30 }, { id: 'd', atMs: 25 }], byAtMs)
    operator.emitPeriodicWatermark() // nothing seen yet: no watermark
    operator.pollNext(2)
    operator.emitPeriodicWatermark()
    operator.emitPeriodicWatermark() // unchanged: not emitted again
    operator.pollNext(2)
    operator.emitPeriodicWatermark()
    operator.emitFinalWatermark()
    operator.emitPeriodicWatermark()
    assert.deepEqual(harness.output.watermarks, [14, 24, Number.POSITIVE_INFINITY])
  })

  it('marks itself idle after the idle timeout without events, and active again on the next event', () => {
    const clock = { nowMs: 1000 }
    const events = [{ id: 'a', atMs: 10 }, { id: 'b', atMs: 40 }]
    const { operator, harness, statusChanges } = aSourceHarness(events, byAtMs.withIdleness(100), clock)
    operator.pollNext(1)
    clock.nowMs = 1099
    operator.emitPeriodicWatermark()
    assert.deepEqual(statusChanges, [])
    clock.nowMs = 1100
    operator.emitPeriodicWatermark()
    operator.emitPeriodicWatermark()
    assert.deepEqual(statusChanges, [true])
    assert.deepEqual(harness.output.watermarks, [4]) // an idle source emits no watermark
    operator.pollNext(1)
    assert.deepEqual(statusChanges, [true, false])
    operator.emitPeriodicWatermark()
    assert.deepEqual(harness.output.watermarks, [4, 34])
  })

  it('wraps a throwing timestamp assigner and a throwing reader in UserFunctionErrors', () => {
    const failingAssigner = WatermarkStrategy.forMonotonousTimestamps<Event>().withTimestampAssigner(() => { throw new Error('no ts') })
    const { operator } = aSourceHarness([{ id: 'a', atMs: 1 }], failingAssigner)
    assert.throws(() => operator.pollNext(1), (error: unknown) => {
      assert.ok(error instanceof UserFunctionError)
      assert.equal(error.operatorName, 'Source: events (timestamp assigner)')
      return true
    })
    const failingSource: Source<Event> = {
      boundedness: 'BOUNDED', createSplits: () => [{ splitId: 'only' }],
      createReader: () => ({ addSplits() {}, pollNext() { throw new Error('read') }, snapshotState: () => [] }),
    }
    const reader = new SourceOperator<Event>('Source: broken', failingSource, undefined)
    new TestingKeyedOperatorHarness<never, Event>(reader).open()
    assert.throws(() => reader.pollNext(1), { name: 'UserFunctionError', operatorName: 'Source: broken' })
  })
})
