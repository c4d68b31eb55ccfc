import type { KeyedProcessFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { InternalTimer } from '../state/internal-timer-service.js'
import { KeyedOperatorBase } from './keyed-operator-base.js'
import { KeyedProcessContext } from './keyed-process-context.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Runs a KeyedProcessFunction: per-key state and timers. */
export class KeyedProcessOperator<IN, OUT> extends KeyedOperatorBase<IN> {
  #collector!: TimestampedCollector<OUT>
  #ctx!: KeyedProcessContext

  constructor(name: string, private readonly keySelector: (value: IN) => Key, private readonly udf: KeyedProcessFunction<Key, IN, OUT>) {
    super(name)
  }

  override open(): void {
    super.open()
    this.#collector = new TimestampedCollector(this.output as never)
    this.#ctx = new KeyedProcessContext(this.backend, this.timers)
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }

  processElement(value: IN, timestampMs: number): void {
    this.setKeyOf(this.keySelector, value)
    this.#collector.timestampMs = timestampMs
    this.#ctx.timestampMs = timestampMs
    try {
      this.udf.processElement(value, this.#ctx, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override onEventTime(timer: InternalTimer): void {
    this.#fire(timer, 'EVENT_TIME', timer.timestampMs)
  }

  override onProcessingTime(timer: InternalTimer): void {
    // Flink: records emitted from processing-time timers carry no timestamp
    this.#fire(timer, 'PROCESSING_TIME', Number.NaN)
  }

  #fire(timer: InternalTimer, domain: 'EVENT_TIME' | 'PROCESSING_TIME', outputTimestampMs: number): void {
    if (this.udf.onTimer === undefined) return
    this.#collector.timestampMs = outputTimestampMs
    this.#ctx.timestampMs = timer.timestampMs
    this.#ctx.domain = domain
    try {
      this.udf.onTimer(timer.timestampMs, this.#ctx, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    } finally {
      this.#ctx.domain = 'EVENT_TIME'
    }
  }

  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}
