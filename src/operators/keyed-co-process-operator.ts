import type { KeyedCoProcessFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { InternalTimer } from '../state/internal-timer-service.js'
import { KeyedOperatorBase } from './keyed-operator-base.js'
import { KeyedProcessContext } from './keyed-process-context.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** Runs a KeyedCoProcessFunction over two connected keyed streams. */
export class KeyedCoProcessOperator<IN1, IN2, OUT> extends KeyedOperatorBase<IN1> implements TwoInputStreamOperator<IN1, IN2> {
  #collector!: TimestampedCollector<OUT>
  #ctx!: KeyedProcessContext

  constructor(
    name: string,
    private readonly keySelector1: (value: IN1) => Key,
    private readonly keySelector2: (value: IN2) => Key,
    private readonly udf: KeyedCoProcessFunction<Key, IN1, IN2, OUT>,
  ) {
    super(name)
  }

  override open(): void {
    super.open()
    this.#collector = new TimestampedCollector(this.output as never)
    this.#ctx = new KeyedProcessContext(this.backend, this.timers)
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }

  processElement(value: IN1, timestampMs: number): void {
    this.processElement1(value, timestampMs)
  }

  processElement1(value: IN1, timestampMs: number): void {
    this.setKeyOf(this.keySelector1, value)
    this.#collector.timestampMs = timestampMs
    this.#ctx.timestampMs = timestampMs
    try {
      this.udf.processElement1(value, this.#ctx, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  processElement2(value: IN2, timestampMs: number): void {
    this.setKeyOf(this.keySelector2, value)
    this.#collector.timestampMs = timestampMs
    this.#ctx.timestampMs = timestampMs
    try {
      this.udf.processElement2(value, this.#ctx, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override onEventTime(timer: InternalTimer): void {
    this.#fire(timer, 'EVENT_TIME', timer.timestampMs)
  }

  override onProcessingTime(timer: InternalTimer): void {
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
