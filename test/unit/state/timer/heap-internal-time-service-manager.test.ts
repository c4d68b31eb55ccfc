import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TimerServiceConflictError } from '../../../../src/errors.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { InternalTimer, Triggerable } from '../../../../src/state/internal-timer-service.js'
import { HeapInternalTimeServiceManager } from '../../../../src/state/timer/heap-internal-time-service-manager.js'
import { ManualProcessingTimeService } from '../../../support/manual-processing-time-service.js'

function aManager() {
  const backend = new HeapKeyedStateBackend({ operatorName: 'op', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
  const processingTime = new ManualProcessingTimeService()
  return { backend, processingTime, manager: new HeapInternalTimeServiceManager(backend, processingTime) }
}

function aRecorder(label: string, log: string[]): Triggerable {
  return {
    onEventTime: (timer: InternalTimer) => { log.push(`${label}@${timer.timestampMs}:${String(timer.key)}`) },
    onProcessingTime: (timer: InternalTimer) => { log.push(`${label}@${timer.timestampMs}:${String(timer.key)}`) },
  }
}

describe('HeapInternalTimeServiceManager', () => {
  it('creates a timer service on first use and returns it again for the same name', () => {
    const { manager } = aManager()
    const triggerable = aRecorder('t', [])
    const service = manager.getInternalTimerService('window-timers', triggerable)
    assert.equal(manager.getInternalTimerService('window-timers', triggerable), service)
    assert.notEqual(manager.getInternalTimerService('other', triggerable), service)
    assert.deepEqual([...manager.timerServices().keys()], ['window-timers', 'other'])
  })

  it('raises TimerServiceConflictError when a name is asked for with another Triggerable', () => {
    const { manager } = aManager()
    manager.getInternalTimerService('timers', aRecorder('a', []))
    assert.throws(() => manager.getInternalTimerService('timers', aRecorder('b', [])), TimerServiceConflictError)
  })

  it('advances the watermark of one service and fires its due timers', () => {
    const { manager, backend } = aManager()
    const log: string[] = []
    const service = manager.getInternalTimerService('timers', aRecorder('t', log))
    backend.setCurrentKey('k')
    service.registerEventTimeTimer(0, 10)
    manager.advanceWatermark(10)
    assert.deepEqual(log, ['t@10:k'])
    assert.equal(service.currentWatermark(), 10)
  })

  it('fires timers of all services in timestamp order and sets every watermark first', () => {
    const { manager, backend } = aManager()
    const log: string[] = []
    const first = manager.getInternalTimerService('first', aRecorder('first', log))
    const second = manager.getInternalTimerService('second', {
      onEventTime: (timer) => {
        log.push(`second@${timer.timestampMs}:${String(timer.key)} (first sees ${first.currentWatermark()})`)
        if (timer.timestampMs === 20) first.registerEventTimeTimer(0, 25) // fires in this advance, before 30
      },
      onProcessingTime: () => {},
    })
    backend.setCurrentKey('a')
    first.registerEventTimeTimer(0, 30)
    first.registerEventTimeTimer(0, 10)
    second.registerEventTimeTimer(0, 20)
    second.registerEventTimeTimer(0, 10)
    second.registerEventTimeTimer(0, 40)
    manager.advanceWatermark(30)
    assert.deepEqual(log, [
      'first@10:a',
      'second@10:a (first sees 30)',
      'second@20:a (first sees 30)',
      'first@25:a',
      'first@30:a',
    ])
    assert.equal(second.numEventTimeTimers(), 1)
  })

  it('does nothing on a watermark when no service exists', () => {
    const { manager } = aManager()
    manager.advanceWatermark(Infinity)
  })

  it('fires every remaining timer, infinite ones included, at the end-of-input watermark', () => {
    const { manager, backend } = aManager()
    const log: string[] = []
    const a = manager.getInternalTimerService('a', aRecorder('a', log))
    manager.getInternalTimerService('b', aRecorder('b', log))
    backend.setCurrentKey('k')
    a.registerEventTimeTimer(0, Infinity)
    manager.advanceWatermark(Infinity)
    assert.deepEqual(log, ['a@Infinity:k'])
  })

  it('cancels pending processing-time callbacks of every service on dispose', () => {
    const { manager, backend, processingTime } = aManager()
    const service = manager.getInternalTimerService('timers', aRecorder('t', []))
    backend.setCurrentKey('k')
    service.registerProcessingTimeTimer(0, 100)
    manager.dispose()
    assert.deepEqual(processingTime.pendingTimestamps(), [])
  })
})
