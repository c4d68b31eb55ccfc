// Throughput of the heap keyed state backend and heap timers on the hot paths of keyed operators.
// Run: node --import tsx bench/keyed-state.ts
import { HeapKeyedStateBackend } from '../src/state/heap/heap-keyed-state-backend.js'
import type { InternalTimer, ProcessingTimeService, Triggerable } from '../src/state/internal-timer-service.js'
import type { Key } from '../src/state/key.js'
import { aggregatingState, valueState } from '../src/state/state-descriptor.js'
import { HeapInternalTimerService } from '../src/state/timer/heap-internal-timer-service.js'

const WINDOWS_PER_RECORD = 5

function aBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ operatorName: 'bench', maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
}

/** Runs `body(n)` after a warm-up and reports the best of three runs as operations per second. */
function measure(label: string, operations: number, opsPerUnit: number, body: (n: number) => void): void {
  body(Math.ceil(operations / 10))
  let bestMs = Infinity
  for (let run = 0; run < 3; run++) {
    const startMs = performance.now()
    body(operations)
    bestMs = Math.min(bestMs, performance.now() - startMs)
  }
  const perSecond = (operations * opsPerUnit) / (bestMs / 1000)
  console.log(`${label.padEnd(72)} ${Math.round(perSecond).toLocaleString('en-US').padStart(14)} ops/s`)
}

function valueGetUpdate(keys: readonly Key[]) {
  return (n: number) => {
    const backend = aBackend()
    const count = backend.getValueState(valueState<number>('count'))
    for (let i = 0; i < n; i++) {
      backend.setCurrentKey(keys[i % keys.length]!)
      const previous = count.value()
      count.update(previous === undefined ? 1 : previous + 1)
    }
  }
}

const countAggregate = {
  createAccumulator: () => ({ count: 0 }),
  add: (_value: number, acc: { count: number }) => { acc.count++; return acc },
  getResult: (acc: { count: number }) => acc.count,
}

// a sliding window of 5 slides: every record adds to the 5 windows containing it, keyed by window end
function windowCount(keys: readonly Key[], recordsPerSlide: number) {
  return (n: number) => {
    const backend = aBackend()
    const state = backend.getAggregatingState(aggregatingState('window-contents', countAggregate))
    for (let i = 0; i < n; i++) {
      backend.setCurrentKey(keys[i % keys.length]!)
      const firstWindowEnd = Math.floor(i / recordsPerSlide) * 1000
      for (let w = 0; w < WINDOWS_PER_RECORD; w++) {
        state.setCurrentNamespace(firstWindowEnd + w * 1000)
        state.add(1)
      }
    }
  }
}

const noOpTriggerable: Triggerable = { onEventTime: (_timer: InternalTimer) => {}, onProcessingTime: () => {} }
// only event-time timers are measured: a processing-time service that never fires
const stoppedProcessingTime: ProcessingTimeService = { currentTimeMs: () => 0, registerTimer: () => ({ cancel: () => {} }) }

// what WindowOperator does per record besides state: one event-time timer per window, mostly already there
function windowTimers(keys: readonly Key[], recordsPerSlide: number) {
  return (n: number) => {
    const backend = aBackend()
    const timers = new HeapInternalTimerService('window-timers', backend, stoppedProcessingTime, noOpTriggerable)
    for (let i = 0; i < n; i++) {
      backend.setCurrentKey(keys[i % keys.length]!)
      const firstWindowEnd = Math.floor(i / recordsPerSlide) * 1000
      for (let w = 0; w < WINDOWS_PER_RECORD; w++) timers.registerEventTimeTimer(firstWindowEnd + w * 1000, firstWindowEnd + w * 1000 - 1)
      if (i % recordsPerSlide === recordsPerSlide - 1) timers.advanceWatermark(firstWindowEnd)
    }
  }
}

// a KeyedProcessFunction timeout: one timer per record at its timestamp + 60 s, nearly every timestamp distinct
function timeoutTimers(n: number) {
  const backend = aBackend()
  const timers = new HeapInternalTimerService('timeouts', backend, stoppedProcessingTime, noOpTriggerable)
  for (let i = 0; i < n; i++) {
    backend.setCurrentKey(i % 10_000)
    const eventTimeMs = i * 10 + ((i * 7919) % 1000) // out of order by up to 1 s
    timers.registerEventTimeTimer(0, eventTimeMs + 60_000)
    if (i % 1000 === 999) timers.advanceWatermark(eventTimeMs - 1000)
  }
  timers.advanceWatermark(Infinity)
}

const numericKeys = Array.from({ length: 10_000 }, (_, i) => i)
const stringKeys = numericKeys.map((i) => `user-${i}`)
const hundredKeys = stringKeys.slice(0, 100)

console.log(`heap keyed state backend, node ${process.version}`)
measure('value get+update, 10k number keys (op = get+update)', 5_000_000, 1, valueGetUpdate(numericKeys))
measure('value get+update, 10k string keys (op = get+update)', 5_000_000, 1, valueGetUpdate(stringKeys))
measure('window count: records, 100 keys x 5 windows', 1_000_000, 1, windowCount(hundredKeys, 10_000))
measure('window count: aggregating add (op = one (key, window) add)', 1_000_000, WINDOWS_PER_RECORD, windowCount(hundredKeys, 10_000))
measure('window timers: register 5 per record + fire, 100 keys (op = record)', 1_000_000, 1, windowTimers(hundredKeys, 10_000))
measure('timeout timers, distinct timestamps: register + fire (op = timer)', 1_000_000, 1, timeoutTimers)
