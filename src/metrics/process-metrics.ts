import { availableParallelism } from 'node:os'
import { PerformanceObserver, constants, monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'
import type { Clock } from '../util/clock.js'
import { REPORTED_QUANTILES, type HistogramStatistics } from './histogram-statistics.js'
import { gauge, type Histogram } from './metric.js'
import type { MetricGroup } from './metric-group.js'
import {
  COMMITTED, CPU_GROUP, CPU_LOAD, CPU_TIME, EVENT_LOOP_DELAY, EVENT_LOOP_GROUP, GARBAGE_COLLECTOR_GROUP, GC_ALL, GC_COUNT,
  GC_TIME, HEAP_GROUP, JVM_GROUP, MAX, MEMORY_GROUP, NON_HEAP_GROUP, STATUS_GROUP, THREADS_COUNT, THREADS_GROUP, USED,
} from './metric-names.js'

/** V8's collectors under the names `--trace-gc` prints; the perf_hooks `gc` entry kind says which one ran. */
export const GARBAGE_COLLECTORS = Object.freeze({
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'Scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'MarkSweepCompact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'IncrementalMarking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'ProcessWeakCallbacks',
} as Record<number, string>)

/** Flink's View.UPDATE_INTERVAL_SECONDS: how often load and event-loop windows roll over. */
const UPDATE_INTERVAL_MS = 5_000

interface GcTotals { count: number; timeMs: number }

/**
 * Samples the process for the V8 equivalents of Flink's JVM metrics: CPU load and time, garbage collections (of
 * the coordinator thread's isolate, the only one perf_hooks observes) and the event-loop delay. One timer every
 * 5 s and a GC observer; nothing runs on the workers.
 */
export class ProcessMetrics {
  readonly #clock: Clock
  readonly #gc = new Map<string, GcTotals>(Object.values(GARBAGE_COLLECTORS).map((name) => [name, { count: 0, timeMs: 0 }]))
  readonly #observer: PerformanceObserver
  readonly #loopDelay: IntervalHistogram
  #timer: NodeJS.Timeout | undefined
  #lastCpuMicros: number
  #lastSampleMs: number
  #cpuLoad = 0
  #loopCount = 0
  #loopStatistics: HistogramStatistics = emptyStatistics()

  constructor(clock: Clock) {
    this.#clock = clock
    this.#lastCpuMicros = cpuMicros()
    this.#lastSampleMs = clock.relativeMs()
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind
        const totals = this.#gc.get(GARBAGE_COLLECTORS[kind ?? -1] ?? '')
        if (totals === undefined) continue
        totals.count++
        totals.timeMs += entry.duration
      }
    })
    this.#loopDelay = monitorEventLoopDelay({ resolution: 10 })
  }

  start(): void {
    this.#observer.observe({ entryTypes: ['gc'] })
    this.#loopDelay.enable()
    this.#timer = setInterval(() => this.#sample(), UPDATE_INTERVAL_MS)
    this.#timer.unref()
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#observer.disconnect()
    this.#loopDelay.disable()
  }

  #sample(): void {
    const now = this.#clock.relativeMs()
    const cpu = cpuMicros()
    const elapsedMicros = (now - this.#lastSampleMs) * 1000
    if (elapsedMicros > 0) this.#cpuLoad = Math.min(1, (cpu - this.#lastCpuMicros) / (elapsedMicros * availableParallelism()))
    this.#lastCpuMicros = cpu
    this.#lastSampleMs = now
    this.#loopStatistics = statisticsOfLoopDelay(this.#loopDelay)
    this.#loopCount += this.#loopDelay.count
    this.#loopDelay.reset()
  }

  /**
   * Registers Status.JVM.* under `group`: memory, CPU, threads, and (withGarbageCollection) the collectors and the
   * event-loop delay histogram, which only the coordinator thread's own isolate can observe.
   */
  registerJvmMetrics(group: MetricGroup, options: {
    readonly heapUsedBytes: () => number | undefined
    readonly threadCount: () => number
    readonly withCoordinatorIsolate: boolean
  }): void {
    const jvm = group.addGroup(STATUS_GROUP, JVM_GROUP)
    const heap = jvm.addGroup(MEMORY_GROUP, HEAP_GROUP)
    heap.gauge(USED, gauge(options.heapUsedBytes))
    heap.gauge(MAX, gauge(() => getHeapStatistics().heap_size_limit))
    const cpu = jvm.addGroup(CPU_GROUP)
    cpu.gauge(CPU_LOAD, gauge(() => this.#cpuLoad))
    // Flink reports the process CPU time in nanoseconds (OperatingSystemMXBean.getProcessCpuTime)
    cpu.gauge(CPU_TIME, gauge(() => cpuMicros() * 1000))
    jvm.addGroup(THREADS_GROUP).gauge(THREADS_COUNT, gauge(options.threadCount))
    if (!options.withCoordinatorIsolate) return
    heap.gauge(COMMITTED, gauge(() => process.memoryUsage().heapTotal))
    const nonHeap = jvm.addGroup(MEMORY_GROUP, NON_HEAP_GROUP)
    nonHeap.gauge(USED, gauge(() => process.memoryUsage().external))
    nonHeap.gauge(COMMITTED, gauge(() => { const usage = process.memoryUsage(); return Math.max(0, usage.rss - usage.heapTotal) }))
    const collectors = jvm.addGroup(GARBAGE_COLLECTOR_GROUP)
    for (const [name, totals] of this.#gc) {
      collectors.addGroup(name).gauge(GC_COUNT, gauge(() => totals.count))
      collectors.addGroup(name).gauge(GC_TIME, gauge(() => Math.round(totals.timeMs)))
    }
    const all = collectors.addGroup(GC_ALL)
    all.gauge(GC_COUNT, gauge(() => [...this.#gc.values()].reduce((sum, t) => sum + t.count, 0)))
    all.gauge(GC_TIME, gauge(() => Math.round([...this.#gc.values()].reduce((sum, t) => sum + t.timeMs, 0))))
    const loopDelay: Histogram = {
      type: 'histogram',
      getCount: () => this.#loopCount,
      getStatistics: () => this.#loopStatistics,
    }
    group.addGroup(STATUS_GROUP, EVENT_LOOP_GROUP).histogram(EVENT_LOOP_DELAY, loopDelay)
  }
}

function cpuMicros(): number {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

function emptyStatistics(): HistogramStatistics {
  return Object.freeze({ size: 0, min: 0, max: 0, mean: 0, stddev: 0, quantile: () => 0 })
}

// perf_hooks records nanoseconds; Sluice reports milliseconds. Quantiles are taken now: the histogram is reset next.
function statisticsOfLoopDelay(histogram: IntervalHistogram): HistogramStatistics {
  if (histogram.count === 0) return emptyStatistics()
  const ms = (ns: number): number => ns / 1e6
  const quantiles = new Map(REPORTED_QUANTILES.map((q) => [q as number, ms(histogram.percentile(q * 100))]))
  const max = ms(histogram.max)
  return Object.freeze({
    size: histogram.count,
    min: ms(histogram.min),
    max,
    mean: ms(histogram.mean),
    stddev: ms(histogram.stddev),
    quantile: (q: number) => quantiles.get(q) ?? [...quantiles].find(([at]) => at >= q)?.[1] ?? max,
  })
}
