import { UserMetricRegistry } from '../../src/runtime/metrics/user-metric-registry.js'
import type { Output, StreamOperator } from '../../src/operators/stream-operator.js'
import { OperatorRuntimeContext } from '../../src/runtime/task/operator-runtime-context.js'
import { HeapKeyedStateBackend } from '../../src/state/heap/heap-keyed-state-backend.js'
import { HeapInternalTimeServiceManager } from '../../src/state/timer/heap-internal-time-service-manager.js'
import { ManualProcessingTimeService } from './manual-processing-time-service.js'

/** A record an operator emitted, with its timestamp. */
export interface EmittedRecord<T> {
  readonly value: T
  readonly timestampMs: number
}

/** An Output that keeps everything emitted, in order. */
export class CollectingOutput<T> implements Output<T> {
  records: EmittedRecord<T>[] = []
  watermarks: number[] = []

  collect(value: T, timestampMs: number): void {
    this.records.push({ value, timestampMs })
  }

  emitWatermark(watermarkMs: number): void {
    this.watermarks.push(watermarkMs)
  }
}

/**
 * Runs a one-input keyed operator outside a task (Flink's KeyedOneInputStreamOperatorTestHarness):
 * real heap keyed state and timers, a manual processing-time clock, and a collecting output.
 */
export class TestingKeyedOperatorHarness<IN, OUT> {
  readonly output = new CollectingOutput<OUT>()
  readonly backend: HeapKeyedStateBackend
  readonly processingTime: ManualProcessingTimeService
  readonly timeServiceManager: HeapInternalTimeServiceManager

  readonly userMetrics: UserMetricRegistry

  constructor(readonly operator: StreamOperator<IN>, options: { startProcessingTimeMs?: number } = {}) {
    this.userMetrics = new UserMetricRegistry(operator.name, 'operator-under-test', 0)
    this.backend = new HeapKeyedStateBackend({ operatorName: operator.name, maxParallelism: 128, keyGroupRange: { start: 0, end: 127 } })
    this.processingTime = new ManualProcessingTimeService(options.startProcessingTimeMs ?? 0)
    this.timeServiceManager = new HeapInternalTimeServiceManager(this.backend, this.processingTime)
    operator.setup({
      output: this.output as Output<unknown>,
      runtimeContext: new OperatorRuntimeContext(operator.name, 0, 1, 128, 0, this.backend, this.userMetrics.group),
      keyedStateBackend: this.backend,
      processingTimeService: this.processingTime,
      timeServiceManager: this.timeServiceManager,
      isCheckpointingEnabled: true,
    })
  }

  /** Opens the operator; returns the harness for chaining. */
  open(): this {
    this.operator.open()
    return this
  }

  processElement(value: IN, timestampMs = Number.NaN): void {
    this.operator.processElement(value, timestampMs)
  }

  processWatermark(watermarkMs: number): void {
    this.operator.processWatermark(watermarkMs)
  }

  /** Moves the processing-time clock, running the timers that come due. */
  advanceProcessingTimeTo(nowMs: number): void {
    this.processingTime.advanceTo(nowMs)
  }

  /** The values emitted so far. */
  values(): OUT[] {
    return this.output.records.map((r) => r.value)
  }

  /** The values emitted so far, and forgets them. */
  takeValues(): OUT[] {
    const values = this.values()
    this.output.records = []
    return values
  }

  /** Pending event- and processing-time timers of every timer service. */
  numTimers(): number {
    let count = 0
    for (const service of this.timeServiceManager.timerServices().values()) {
      count += service.numEventTimeTimers() + service.numProcessingTimeTimers()
    }
    return count
  }
}
