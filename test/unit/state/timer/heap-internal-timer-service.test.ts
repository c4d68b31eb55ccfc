import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidTimerTimestampError, NoCurrentKeyError } from '../../../../src/errors.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { InternalTimer, Triggerable } from '../../../../src/state/internal-timer-service.js'
import type { Key } from '../../../../src/state/key.js'
import { HeapInternalTimerService } from '../../../../src/state/timer/heap-internal-timer-service.js'
import { ManualProcessingTimeService } from '../../../support/manual-processing-time-service.js'

type Fired = [domain: 'event' | 'processing', timestampMs: number, key: Key, namespace: unknown, currentKey: Key]

/** A Triggerable that records what fired and with which key current; `then` reacts to a firing. */
class RecordingTriggerable implements Triggerable {
  readonly fired: Fired[] = []
  then: (timer: InternalTimer) => void = () => {}
  constructor(private readonly backend: HeapKeyedStateBackend) {}
  onEventTime(timer: InternalTimer): void {
    this.fired.push(['event', timer.timestampMs, timer.key, timer.namespace, this.backend.getCurrentKey()])
    this.then(timer)
  }
  onProcessingTime(timer: InternalTimer): void {
    this.fired.push(['processing', timer.timestampMs, timer.key, timer.namespace, this.backend.getCurrentKey()])
    this.then(timer)
  }
}

function aTimerService(startMs = 0) {
  const backend = new HeapKeyedStateBackend({ operatorName: 'op', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
  const processingTime = new ManualProcessingTimeService(startMs)
  const triggerable = new RecordingTriggerable(backend)
  const service = new HeapInternalTimerService('user-timers', backend, processingTime, triggerable)
  const on = (key: Key, action: () => void) => { backend.setCurrentKey(key); action() }
  return { backend, processingTime, triggerable, service, on }
}

describe('HeapInternalTimerService', () => {
  describe('event time', () => {
    it('has a watermark of -Infinity before the first advance', () => {
      assert.equal(aTimerService().service.currentWatermark(), -Infinity)
    })

    it('fires timers at or before the watermark in timestamp order, then ties in registration order', () => {
      const { service, triggerable, on } = aTimerService()
      on('c', () => service.registerEventTimeTimer(0, 30))
      on('b', () => service.registerEventTimeTimer(0, 10))
      on('a', () => service.registerEventTimeTimer('w', 10))
      on('d', () => service.registerEventTimeTimer(0, 31))
      service.advanceWatermark(30)
      assert.deepEqual(triggerable.fired, [
        ['event', 10, 'b', 0, 'b'],
        ['event', 10, 'a', 'w', 'a'],
        ['event', 30, 'c', 0, 'c'],
      ])
      assert.equal(service.currentWatermark(), 30)
      assert.equal(service.numEventTimeTimers(), 1)
    })

    it('sets the watermark before the first timer fires', () => {
      const { service, triggerable, on } = aTimerService()
      const seen: number[] = []
      triggerable.then = () => seen.push(service.currentWatermark())
      on('a', () => service.registerEventTimeTimer(0, 5))
      service.advanceWatermark(100)
      assert.deepEqual(seen, [100])
    })

    it('fires a timer registered twice for the same key, namespace and timestamp once', () => {
      const { service, triggerable, on } = aTimerService()
      on('a', () => {
        service.registerEventTimeTimer('w', 10)
        service.registerEventTimeTimer('w', 10)
      })
      assert.equal(service.numEventTimeTimers(), 1)
      service.advanceWatermark(10)
      assert.equal(triggerable.fired.length, 1)
    })

    it('keeps timers of different keys or namespaces apart on one timestamp', () => {
      const { service, on } = aTimerService()
      on('a', () => service.registerEventTimeTimer('w1', 10))
      on('a', () => service.registerEventTimeTimer('w2', 10))
      on('b', () => service.registerEventTimeTimer('w1', 10))
      assert.equal(service.numEventTimeTimers(), 3)
    })

    it('does not fire a deleted timer, and deletes only the current key\'s timer', () => {
      const { service, triggerable, on } = aTimerService()
      on('a', () => service.registerEventTimeTimer(0, 10))
      on('b', () => service.registerEventTimeTimer(0, 10))
      on('a', () => service.deleteEventTimeTimer(0, 10))
      on('a', () => service.deleteEventTimeTimer(0, 99))
      service.advanceWatermark(10)
      assert.deepEqual(triggerable.fired.map(([, , key]) => key), ['b'])
      assert.equal(service.numEventTimeTimers(), 0)
    })

    it('fires timers registered while firing when they are at or before the watermark', () => {
      const { service, triggerable, on } = aTimerService()
      triggerable.then = (timer) => {
        if (timer.timestampMs === 10 && timer.namespace === 0) {
          service.registerEventTimeTimer('again', 10) // same timestamp: same advance
          service.registerEventTimeTimer(0, 15)
        }
        if (timer.timestampMs === 15) service.registerEventTimeTimer(0, 50) // after the watermark: later
      }
      on('a', () => service.registerEventTimeTimer(0, 10))
      on('b', () => service.registerEventTimeTimer(0, 20))
      service.advanceWatermark(20)
      assert.deepEqual(triggerable.fired.map(([, ts, key, ns]) => [ts, key, ns]), [
        [10, 'a', 0], [10, 'a', 'again'], [15, 'a', 0], [20, 'b', 0],
      ])
      assert.equal(service.numEventTimeTimers(), 1)
      service.advanceWatermark(50)
      assert.deepEqual(triggerable.fired.at(-1)?.slice(1, 3), [50, 'a'])
    })

    it('does not fire a timer deleted by an earlier timer of the same advance', () => {
      const { service, triggerable, on } = aTimerService()
      triggerable.then = () => on('b', () => service.deleteEventTimeTimer(0, 10))
      on('a', () => service.registerEventTimeTimer(0, 10))
      on('b', () => service.registerEventTimeTimer(0, 10))
      service.advanceWatermark(10)
      assert.deepEqual(triggerable.fired.map(([, , key]) => key), ['a'])
    })

    it('fires a timer registered behind the watermark at the next advance', () => {
      const { service, triggerable, on } = aTimerService()
      service.advanceWatermark(100)
      on('late', () => service.registerEventTimeTimer(0, 50))
      assert.equal(triggerable.fired.length, 0)
      service.advanceWatermark(101)
      assert.equal(triggerable.fired.length, 1)
    })

    it('lists pending timers in firing order for snapshots', () => {
      const { service, on } = aTimerService()
      on('b', () => service.registerEventTimeTimer('w', 20))
      on('a', () => service.registerEventTimeTimer('w', 10))
      on('p', () => service.registerProcessingTimeTimer(0, 5))
      assert.deepEqual([...service.eventTimeTimers()].map((t) => [t.timestampMs, t.key, t.namespace]), [[10, 'a', 'w'], [20, 'b', 'w']])
      assert.deepEqual([...service.processingTimeTimers()].map((t) => [t.timestampMs, t.key]), [[5, 'p']])
    })

    it('raises NoCurrentKeyError when a timer is registered before any key was set', () => {
      const { service } = aTimerService()
      assert.throws(() => service.registerEventTimeTimer(0, 10), NoCurrentKeyError)
    })

    it('raises InvalidTimerTimestampError for a NaN timestamp', () => {
      const { service, on } = aTimerService()
      on('a', () => {
        assert.throws(() => service.registerEventTimeTimer(0, Number.NaN), (error: unknown) => {
          assert.ok(error instanceof InvalidTimerTimestampError)
          assert.equal(error.code, 'SLUICE_STATE_INVALID_TIMER_TIMESTAMP')
          return true
        })
        assert.throws(() => service.registerProcessingTimeTimer(0, Number.NaN), InvalidTimerTimestampError)
      })
    })
  })

  describe('processing time', () => {
    it('reports the processing time of its ProcessingTimeService', () => {
      const { service, processingTime } = aTimerService(1000)
      assert.equal(service.currentProcessingTime(), 1000)
      processingTime.advance(5)
      assert.equal(service.currentProcessingTime(), 1005)
    })

    it('fires timers once the clock reaches them, in order, with the timer key current', () => {
      const { service, processingTime, triggerable, on } = aTimerService()
      on('b', () => service.registerProcessingTimeTimer(0, 200))
      on('a', () => service.registerProcessingTimeTimer(0, 100))
      on('c', () => service.registerProcessingTimeTimer(0, 100))
      processingTime.advanceTo(99)
      assert.equal(triggerable.fired.length, 0)
      processingTime.advanceTo(150)
      assert.deepEqual(triggerable.fired, [['processing', 100, 'a', 0, 'a'], ['processing', 100, 'c', 0, 'c']])
      processingTime.advanceTo(200)
      assert.deepEqual(triggerable.fired.at(-1), ['processing', 200, 'b', 0, 'b'])
      assert.equal(service.numProcessingTimeTimers(), 0)
    })

    it('keeps one ProcessingTimeService callback, for the earliest timer', () => {
      const { service, processingTime, on } = aTimerService()
      on('a', () => service.registerProcessingTimeTimer(0, 300))
      assert.deepEqual(processingTime.pendingTimestamps(), [300])
      on('a', () => service.registerProcessingTimeTimer(0, 400))
      assert.deepEqual(processingTime.pendingTimestamps(), [300])
      on('b', () => service.registerProcessingTimeTimer(0, 100))
      assert.deepEqual(processingTime.pendingTimestamps(), [100])
      processingTime.advanceTo(100)
      assert.deepEqual(processingTime.pendingTimestamps(), [300])
      processingTime.advanceTo(1000)
      assert.deepEqual(processingTime.pendingTimestamps(), [])
    })

    it('does not fire a deleted processing-time timer and moves on to the next one', () => {
      const { service, processingTime, triggerable, on } = aTimerService()
      on('a', () => service.registerProcessingTimeTimer(0, 100))
      on('b', () => service.registerProcessingTimeTimer(0, 200))
      on('a', () => service.deleteProcessingTimeTimer(0, 100))
      processingTime.advanceTo(100)
      assert.equal(triggerable.fired.length, 0)
      assert.deepEqual(processingTime.pendingTimestamps(), [200])
      processingTime.advanceTo(200)
      assert.deepEqual(triggerable.fired.map(([, , key]) => key), ['b'])
    })

    it('fires a timer registered while firing in the same callback when it is already due', () => {
      const { service, processingTime, triggerable, on } = aTimerService()
      triggerable.then = (timer) => {
        if (timer.timestampMs === 100) {
          service.registerProcessingTimeTimer(0, 90) // already due
          service.registerProcessingTimeTimer(0, 500) // later: scheduled after the callback
        }
      }
      on('a', () => service.registerProcessingTimeTimer(0, 100))
      processingTime.advanceTo(100)
      assert.deepEqual(triggerable.fired.map(([, ts]) => ts), [100, 90])
      assert.deepEqual(processingTime.pendingTimestamps(), [500])
    })

    it('keeps processing-time timers out of watermark advances', () => {
      const { service, triggerable, on } = aTimerService()
      on('a', () => service.registerProcessingTimeTimer(0, 10))
      service.advanceWatermark(Infinity)
      assert.equal(triggerable.fired.length, 0)
    })

    it('cancels its pending callback on dispose', () => {
      const { service, processingTime, on } = aTimerService()
      on('a', () => service.registerProcessingTimeTimer(0, 10))
      service.dispose()
      assert.deepEqual(processingTime.pendingTimestamps(), [])
    })
  })
})
