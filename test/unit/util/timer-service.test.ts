import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualTimerService } from '../../support/manual-timer-service.js'

describe('ManualTimerService', () => {
  it('runs one-off and repeated callbacks in due order, each at its due time, and not once cancelled', () => {
    const timers = new ManualTimerService()
    const ran: string[] = []
    timers.schedule(30, () => ran.push(`once@${timers.clock.nowMs()}`))
    const cancelRepeated = timers.scheduleRepeatedly(20, () => ran.push(`every@${timers.clock.nowMs()}`))
    const cancelled = timers.schedule(10, () => ran.push('cancelled'))
    cancelled()
    timers.advance(45)
    assert.deepEqual(ran, ['every@20', 'once@30', 'every@40'])
    assert.equal(timers.clock.nowMs(), 45)
    cancelRepeated()
    timers.advance(100)
    assert.equal(ran.length, 3)
    assert.equal(timers.numScheduled, 0)
  })

  it('runs callbacks scheduled by a callback when they fall due within the same advance', () => {
    const timers = new ManualTimerService()
    const ran: number[] = []
    timers.schedule(5, () => timers.schedule(5, () => ran.push(timers.clock.nowMs())))
    timers.advance(10)
    assert.deepEqual(ran, [10])
  })
})
