import type { Collector, OnTimerContext, RichFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { InternalTimer } from '../state/internal-timer-service.js'
import { KeyedOperatorBase } from './keyed-operator-base.js'
import { KeyedProcessContext } from './keyed-process-context.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

/** A user function with keyed timers: a KeyedProcessFunction or a KeyedCoProcessFunction. */
export interface TimedFunction<OUT> extends RichFunction {
  onTimer?(timestampMs: number, ctx: OnTimerContext<Key>, out: Collector<OUT>): void
}

/**
 * What the keyed process operators share: the function's lifecycle, the context and collector
 * handed to it, and its onTimer for event- and processing-time timers.
 */
export abstract class TimedKeyedOperatorBase<IN, OUT> extends KeyedOperatorBase<IN> {
  protected collector!: TimestampedCollector<OUT>
  protected ctx!: KeyedProcessContext

  constructor(name: string, private readonly timedFunction: TimedFunction<OUT>) {
    super(name)
  }

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.output as never)
    this.ctx = new KeyedProcessContext(this.backend, this.timers)
    openUserFunction(this.timedFunction, this.context.runtimeContext, this.name)
  }

  /** Stamps the element's time on the context and on what the function emits for it. */
  protected beginElement(timestampMs: number): void {
    this.collector.timestampMs = timestampMs
    this.ctx.timestampMs = timestampMs
  }

  override onEventTime(timer: InternalTimer): void {
    this.#fire(timer, 'EVENT_TIME', timer.timestampMs)
  }

  override onProcessingTime(timer: InternalTimer): void {
    // Flink: records emitted from processing-time timers carry no timestamp
    this.#fire(timer, 'PROCESSING_TIME', Number.NaN)
  }

  #fire(timer: InternalTimer, domain: 'EVENT_TIME' | 'PROCESSING_TIME', outputTimestampMs: number): void {
    if (this.timedFunction.onTimer === undefined) return
    this.collector.timestampMs = outputTimestampMs
    this.ctx.timestampMs = timer.timestampMs
    this.ctx.domain = domain
    try {
      this.timedFunction.onTimer(timer.timestampMs, this.ctx as never, this.collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    } finally {
      this.ctx.domain = 'EVENT_TIME'
    }
  }

  override close(): void {
    closeUserFunction(this.timedFunction, this.name)
  }
}
