import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CheckpointRequestDecider, type CheckpointRequestDeciderOptions } from '../../../../src/coordinator/checkpoint/checkpoint-request-decider.js'
import { ManualClock } from '../../../support/manual-clock.js'

const PERIODIC = { isPeriodic: true, isSavepoint: false }
const SAVEPOINT = { isPeriodic: false, isSavepoint: true }

function aDecider(overrides: Partial<CheckpointRequestDeciderOptions> & { clock: ManualClock }): CheckpointRequestDecider {
  return new CheckpointRequestDecider({ intervalMs: 1000, minPauseMs: 0, maxConcurrent: 1, ...overrides })
}

describe('CheckpointRequestDecider', () => {
  it('makes the first periodic checkpoint due one interval after start', () => {
    const clock = new ManualClock(5000)
    const decider = aDecider({ clock })
    assert.equal(decider.nextTriggerAtMs(0), 6000)
    clock.advance(999)
    assert.equal(decider.shouldTrigger(0), false)
    clock.advance(1)
    assert.equal(decider.shouldTrigger(0), true)
  })

  it('honours an initial delay other than the interval', () => {
    const clock = new ManualClock(0)
    assert.equal(aDecider({ clock, initialDelayMs: 250 }).nextTriggerAtMs(0), 250)
  })

  it('respects the interval between periodic triggers', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, maxConcurrent: 5 })
    clock.advance(1000)
    decider.onTriggered(PERIODIC)
    clock.advance(500)
    assert.equal(decider.shouldTrigger(1), false)
    assert.equal(decider.nextTriggerAtMs(1), 2000)
    clock.advance(500)
    assert.equal(decider.shouldTrigger(1), true)
  })

  it('makes the next trigger wait for completion + min pause even when the interval is shorter', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, intervalMs: 100, minPauseMs: 500 })
    clock.advance(100)
    decider.onTriggered(PERIODIC)
    clock.advance(300) // completes at 400
    decider.onCompleted()
    assert.equal(decider.nextTriggerAtMs(0), 900)
    clock.advance(499)
    assert.equal(decider.shouldTrigger(0), false)
    clock.advance(1)
    assert.equal(decider.shouldTrigger(0), true)
  })

  it('drops a periodic request while the minimum pause is still running, saying when to retry', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, minPauseMs: 500 })
    decider.onCompleted()
    clock.advance(499)
    assert.deepEqual(decider.decide(PERIODIC, 0),
      { kind: 'drop', reason: 'MINIMUM_TIME_BETWEEN_CHECKPOINTS', rescheduleInMs: 1 })
    clock.advance(1)
    assert.deepEqual(decider.decide(PERIODIC, 0), { kind: 'trigger' })
  })

  it('does not restart the min pause when a checkpoint fails (only completions count, as in Flink)', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, intervalMs: 100, minPauseMs: 500 })
    clock.advance(100)
    decider.onTriggered(PERIODIC) // it fails; nothing is reported to the decider
    assert.equal(decider.nextTriggerAtMs(0), 200)
  })

  it('holds periodic checkpoints while max-concurrent are pending', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, maxConcurrent: 2 })
    clock.advance(5000)
    assert.equal(decider.shouldTrigger(1), true)
    assert.equal(decider.shouldTrigger(2), false)
    assert.equal(decider.nextTriggerAtMs(2), undefined)
    assert.deepEqual(decider.decide(PERIODIC, 2), { kind: 'drop', reason: 'TOO_MANY_CONCURRENT_CHECKPOINTS' })
  })

  it('treats max-concurrent as 1 while a min pause is set', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, maxConcurrent: 3, minPauseMs: 10 })
    assert.equal(decider.effectiveMaxConcurrent, 1)
    clock.advance(5000)
    assert.equal(decider.shouldTrigger(1), false)
  })

  it('lets savepoints bypass interval, min pause and max-concurrent, without moving the periodic schedule', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, minPauseMs: 500 })
    decider.onCompleted()
    clock.advance(10)
    assert.deepEqual(decider.decide(SAVEPOINT, 1), { kind: 'trigger' })
    decider.onTriggered(SAVEPOINT)
    assert.equal(decider.nextTriggerAtMs(0), 1000)
  })

  it('never makes a periodic checkpoint due when periodic checkpointing is disabled', () => {
    const clock = new ManualClock(0)
    const decider = aDecider({ clock, intervalMs: undefined })
    clock.advance(1_000_000)
    assert.equal(decider.nextTriggerAtMs(0), undefined)
    assert.equal(decider.shouldTrigger(0), false)
    assert.deepEqual(decider.decide(SAVEPOINT, 0), { kind: 'trigger' })
  })
})
