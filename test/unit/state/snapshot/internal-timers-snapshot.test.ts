// Timers through a checkpoint: HeapInternalTimeServiceManager.snapshotTimers → writer → reader → restoreTimers.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assignToKeyGroup } from '../../../../src/state/key-group.js'
import { HeapKeyedStateBackend } from '../../../../src/state/heap/heap-keyed-state-backend.js'
import type { InternalTimer, Triggerable } from '../../../../src/state/internal-timer-service.js'
import type { Key } from '../../../../src/state/key.js'
import type { InternalTimersSnapshot } from '../../../../src/state/snapshot/internal-timers-snapshot.js'
import { readKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-reader.js'
import { writeKeyedStateSnapshot } from '../../../../src/state/snapshot/keyed-state-snapshot-writer.js'
import { HeapInternalTimeServiceManager } from '../../../../src/state/timer/heap-internal-time-service-manager.js'
import { ManualProcessingTimeService } from '../../../support/manual-processing-time-service.js'

type Range = { start: number; end: number }

function aSubtask(range: Range = { start: 0, end: 127 }, startMs = 0) {
  const backend = new HeapKeyedStateBackend({ operatorName: 'op', maxParallelism: 128, keyGroupRange: range })
  const processingTime = new ManualProcessingTimeService(startMs)
  const log: string[] = []
  return { backend, processingTime, log, triggerable: aRecorder(log), manager: new HeapInternalTimeServiceManager(backend, processingTime) }
}

function aRecorder(log: string[]): Triggerable {
  const record = (domain: string) => (timer: InternalTimer) => { log.push(`${domain}@${timer.timestampMs}:${String(timer.key)}/${timer.namespace}`) }
  return { onEventTime: record('event'), onProcessingTime: record('processing') }
}

const KEYS: readonly Key[] = ['alice', 'bob', 3, 4n, true, 'carol', 17, 'dave']

/** Registers, per key, event-time timers at 100 and 200 (ties across keys) and processing-time ones at 50 and 150. */
function registerTimers(subtask: ReturnType<typeof aSubtask>, serviceName: string, keys = KEYS): void {
  const service = subtask.manager.getInternalTimerService(serviceName, subtask.triggerable)
  for (const key of keys) {
    if (!isIn(key, subtask.backend.keyGroupRange)) continue
    subtask.backend.setCurrentKey(key)
    service.registerEventTimeTimer('w-200', 200)
    service.registerEventTimeTimer(0, 100)
    service.registerProcessingTimeTimer(0, 150)
    service.registerProcessingTimeTimer('w-200', 50)
  }
  subtask.backend.setCurrentKey('alice')
  service.deleteEventTimeTimer('w-200', 200)
}

function isIn(key: Key, range: Range): boolean {
  const keyGroup = assignToKeyGroup(key, 128)
  return keyGroup >= range.start && keyGroup <= range.end
}

function checkpoint(subtask: ReturnType<typeof aSubtask>): Uint8Array {
  return writeKeyedStateSnapshot({
    operatorName: 'op',
    maxParallelism: 128,
    keyGroupRange: subtask.backend.keyGroupRange,
    stateSnapshot: subtask.backend.snapshot(),
    timers: subtask.manager.snapshotTimers(),
  })
}

/** Everything the services of a manager fire up to watermark and processing time 1000, in order. */
function fireAll(subtask: ReturnType<typeof aSubtask>, serviceNames: readonly string[]): string[] {
  for (const name of serviceNames) subtask.manager.getInternalTimerService(name, subtask.triggerable)
  subtask.manager.advanceWatermark(1000)
  subtask.processingTime.advanceTo(1000)
  return subtask.log
}

function timersOf(snapshots: readonly InternalTimersSnapshot[]): string[] {
  return snapshots.flatMap((s) => [
    ...s.eventTimeTimers.map((t) => `${s.serviceName} event@${t.timestampMs}:${String(t.key)}/${t.namespace}`),
    ...s.processingTimeTimers.map((t) => `${s.serviceName} processing@${t.timestampMs}:${String(t.key)}/${t.namespace}`),
  ])
}

describe('timers in a keyed state snapshot', () => {
  it('snapshots every pending timer per service and time domain, in firing order, unchanged by the timers firing later', () => {
    const subtask = aSubtask()
    registerTimers(subtask, 'window-timers', ['alice', 'bob'])
    const snapshots = subtask.manager.snapshotTimers()
    const plain = () => snapshots.map((service) => ({
      serviceName: service.serviceName,
      eventTimeTimers: service.eventTimeTimers.map(({ key, namespace, timestampMs }) => ({ key, namespace, timestampMs })),
      processingTimeTimers: service.processingTimeTimers.map(({ key, namespace, timestampMs }) => ({ key, namespace, timestampMs })),
    }))
    const taken = plain()
    subtask.manager.advanceWatermark(1000)
    subtask.processingTime.advanceTo(1000)
    assert.deepEqual(plain(), taken, 'firing the timers does not reach the snapshot')
    assert.deepEqual(taken, [{
      serviceName: 'window-timers',
      eventTimeTimers: [
        { key: 'alice', namespace: 0, timestampMs: 100 },
        { key: 'bob', namespace: 0, timestampMs: 100 },
        { key: 'bob', namespace: 'w-200', timestampMs: 200 },
      ],
      processingTimeTimers: [
        { key: 'alice', namespace: 'w-200', timestampMs: 50 },
        { key: 'bob', namespace: 'w-200', timestampMs: 50 },
        { key: 'alice', namespace: 0, timestampMs: 150 },
        { key: 'bob', namespace: 0, timestampMs: 150 },
      ],
    }])
  })

  it('restores event- and processing-time timers that fire as the originals would, ties in registration order', () => {
    const original = aSubtask()
    registerTimers(original, 'window-timers')
    registerTimers(original, 'cleanup-timers', ['bob', 'alice'])
    const bytes = checkpoint(original)

    const restored = aSubtask()
    restored.manager.restoreTimers(readKeyedStateSnapshot(bytes, restored.backend).timers)
    assert.deepEqual(restored.processingTime.pendingTimestamps(), [], 'nothing is armed before the operator asks for its service')

    const expected = fireAll(original, ['window-timers', 'cleanup-timers'])
    assert.ok(expected.length > 20)
    assert.deepEqual(fireAll(restored, ['window-timers', 'cleanup-timers']), expected)
  })

  it('arms the earliest processing-time timer when restoring into a service that already exists', () => {
    const original = aSubtask()
    registerTimers(original, 'timers')
    const restored = aSubtask()
    restored.manager.getInternalTimerService('timers', restored.triggerable)
    restored.manager.restoreTimers(readKeyedStateSnapshot(checkpoint(original), restored.backend).timers)

    assert.deepEqual(restored.processingTime.pendingTimestamps(), [50])
    restored.processingTime.advanceTo(50)
    assert.deepEqual(restored.log, KEYS.map((key) => `processing@50:${String(key)}/w-200`))
  })

  it('fires restored processing-time timers whose time has passed as soon as the clock moves', () => {
    const original = aSubtask()
    registerTimers(original, 'timers', ['alice'])
    const restored = aSubtask({ start: 0, end: 127 }, 500)
    restored.manager.restoreTimers(readKeyedStateSnapshot(checkpoint(original), restored.backend).timers)
    restored.manager.getInternalTimerService('timers', restored.triggerable)
    restored.processingTime.advance(0)
    assert.deepEqual(restored.log, ['processing@50:alice/w-200', 'processing@150:alice/0'])
  })

  it('keeps restored timers of a service not asked for yet in the next snapshot', () => {
    const original = aSubtask()
    registerTimers(original, 'timers', ['alice', 'bob'])
    const restored = aSubtask()
    restored.manager.restoreTimers(readKeyedStateSnapshot(checkpoint(original), restored.backend).timers)
    assert.deepEqual(timersOf(restored.manager.snapshotTimers()), timersOf(original.manager.snapshotTimers()))
  })

  it('splits timers by key group on rescaling and merges them back', () => {
    const manyKeys = Array.from({ length: 200 }, (_, i) => `user-${i}`)
    const original = aSubtask()
    registerTimers(original, 'timers', manyKeys)
    const bytes = checkpoint(original)

    const low = aSubtask({ start: 0, end: 63 })
    const high = aSubtask({ start: 64, end: 127 })
    for (const half of [low, high]) half.manager.restoreTimers(readKeyedStateSnapshot(bytes, half.backend).timers)
    const lowTimers = timersOf(low.manager.snapshotTimers())
    const highTimers = timersOf(high.manager.snapshotTimers())
    assert.ok(lowTimers.length > 0 && highTimers.length > 0)
    assert.equal(lowTimers.length + highTimers.length, timersOf(original.manager.snapshotTimers()).length)

    const merged = aSubtask()
    for (const half of [low, high]) merged.manager.restoreTimers(readKeyedStateSnapshot(checkpoint(half), merged.backend).timers)
    assert.deepEqual(new Set(timersOf(merged.manager.snapshotTimers())), new Set(timersOf(original.manager.snapshotTimers())))
  })
})
