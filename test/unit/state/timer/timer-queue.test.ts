import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TimerQueue } from '../../../../src/state/timer/timer-queue.js'
import type { InternalTimer } from '../../../../src/state/internal-timer-service.js'

function drain(queue: TimerQueue, maxTimestampMs = Infinity): Array<[number, unknown, unknown]> {
  const fired: Array<[number, unknown, unknown]> = []
  let timer: InternalTimer | undefined
  while ((timer = queue.poll(maxTimestampMs)) !== undefined) fired.push([timer.timestampMs, timer.key, timer.namespace])
  return fired
}

describe('TimerQueue', () => {
  it('polls timers in timestamp order, ties in registration order', () => {
    const queue = new TimerQueue()
    queue.add('c', 0, 30)
    queue.add('a', 0, 10)
    queue.add('b', 0, 20)
    queue.add('a2', 0, 10)
    queue.add('z', 'w', 10)
    assert.deepEqual(drain(queue), [[10, 'a', 0], [10, 'a2', 0], [10, 'z', 'w'], [20, 'b', 0], [30, 'c', 0]])
    assert.equal(queue.size(), 0)
  })

  it('keeps one timer per key, namespace and timestamp', () => {
    const queue = new TimerQueue()
    assert.equal(queue.add('a', 0, 10), true)
    assert.equal(queue.add('a', 0, 10), false)
    assert.equal(queue.add('a', 1, 10), true)
    assert.equal(queue.add('b', 0, 10), true)
    assert.equal(queue.add(1, 0, 10), true)
    assert.equal(queue.add('1', 0, 10), true)
    assert.equal(queue.size(), 5)
  })

  it('polls only timers at or before the given timestamp', () => {
    const queue = new TimerQueue()
    queue.add('a', 0, 10)
    queue.add('b', 0, 11)
    assert.deepEqual(drain(queue, 10), [[10, 'a', 0]])
    assert.equal(queue.peekTimestampMs(), 11)
  })

  it('removes timers, and removing an absent timer changes nothing', () => {
    const queue = new TimerQueue()
    queue.add('a', 0, 10)
    queue.add('b', 0, 10)
    queue.add('c', 0, 5)
    assert.equal(queue.remove('c', 0, 5), true)
    assert.equal(queue.remove('c', 0, 5), false)
    assert.equal(queue.remove('a', 'other', 10), false)
    assert.equal(queue.remove('a', 0, 10), true)
    assert.equal(queue.peekTimestampMs(), 10)
    assert.deepEqual(drain(queue), [[10, 'b', 0]])
    assert.equal(queue.peekTimestampMs(), undefined)
  })

  it('dedupes and removes among thousands of keys on one timestamp', () => {
    const queue = new TimerQueue()
    for (let key = 0; key < 5000; key++) queue.add(key, 'window', 999)
    for (let key = 0; key < 5000; key++) assert.equal(queue.add(key, 'window', 999), false)
    for (let key = 0; key < 5000; key += 2) queue.remove(key, 'window', 999)
    assert.equal(queue.size(), 2500)
    const fired = drain(queue).map(([, key]) => key)
    assert.deepEqual(fired, Array.from({ length: 2500 }, (_, i) => 2 * i + 1))
  })

  it('stays bounded when the same timer is registered and deleted over and over', () => {
    const queue = new TimerQueue()
    for (let key = 0; key < 20; key++) queue.add(key, 0, 7)
    for (let round = 0; round < 10_000; round++) {
      queue.add('flapping', 0, 7)
      queue.remove('flapping', 0, 7)
    }
    assert.equal(queue.size(), 20)
    assert.equal(drain(queue).length, 20)
  })

  it('keeps heap order through random adds and removes', () => {
    const queue = new TimerQueue()
    const expected = new Map<string, number>()
    let seed = 7
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 200
    for (let i = 0; i < 4000; i++) {
      const timestampMs = next()
      const key = next() % 10
      if (next() % 3 === 0) {
        queue.remove(key, 0, timestampMs)
        expected.delete(`${timestampMs}/${key}`)
      } else {
        queue.add(key, 0, timestampMs)
        expected.set(`${timestampMs}/${key}`, timestampMs)
      }
    }
    const fired = drain(queue)
    assert.equal(fired.length, expected.size)
    const timestamps = fired.map(([timestampMs]) => timestampMs)
    assert.deepEqual(timestamps, [...timestamps].sort((a, b) => a - b))
  })

  it('lists queued timers in firing order without removing them', () => {
    const queue = new TimerQueue()
    queue.add('b', 0, 20)
    queue.add('a', 0, 10)
    queue.add('c', 0, 20)
    queue.remove('b', 0, 20)
    assert.deepEqual([...queue.timers()].map((t) => [t.timestampMs, t.key]), [[10, 'a'], [20, 'c']])
    assert.equal(queue.size(), 2)
  })

  it('orders infinite timestamps after finite ones', () => {
    const queue = new TimerQueue()
    queue.add('end', 0, Infinity)
    queue.add('start', 0, -Infinity)
    queue.add('mid', 0, 0)
    assert.deepEqual(drain(queue).map(([, key]) => key), ['start', 'mid', 'end'])
  })
})
