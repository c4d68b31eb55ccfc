import type { ProcessJoinContext, ProcessJoinFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { InternalMapState } from '../state/keyed-state-backend.js'
import type { InternalTimer } from '../state/internal-timer-service.js'
import { KeyedOperatorBase } from './keyed-operator-base.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'
import { closeUserFunction, openUserFunction } from './user-function.js'

const LEFT_CLEANUP = 'left'
const RIGHT_CLEANUP = 'right'

/**
 * Flink's IntervalJoinOperator: joins a left element at tL with every right element of the same
 * key at tR where tL + lowerBound <= tR <= tL + upperBound (both bounds inclusive). Elements are
 * buffered per key and timestamp until the watermark makes further matches impossible.
 */
export class IntervalJoinOperator<L, R, OUT> extends KeyedOperatorBase<L> implements TwoInputStreamOperator<L, R>, ProcessJoinContext {
  #left!: InternalMapState<number, L[]>
  #right!: InternalMapState<number, R[]>
  #collector!: TimestampedCollector<OUT>
  #join: (left: L, right: R, ctx: ProcessJoinContext, out: TimestampedCollector<OUT>) => void
  #leftTs = 0
  #rightTs = 0
  /** Elements dropped because they arrived behind the watermark (Flink drops them too). */
  numLateRecordsDropped = 0

  constructor(
    name: string,
    private readonly keySelector1: (value: L) => Key,
    private readonly keySelector2: (value: R) => Key,
    private readonly lowerBoundMs: number,
    private readonly upperBoundMs: number,
    private readonly udf: ProcessJoinFunction<L, R, OUT>,
  ) {
    super(name)
    this.#join = typeof udf === 'function' ? udf : (l, r, c, o) => udf.processElement(l, r, c, o)
  }

  override open(): void {
    super.open()
    this.#left = this.backend.getMapState<number, L[]>({ kind: 'map', name: '_left-buffer' })
    this.#right = this.backend.getMapState<number, R[]>({ kind: 'map', name: '_right-buffer' })
    this.#collector = new TimestampedCollector(this.output as never)
    openUserFunction(this.udf, this.context.runtimeContext, this.name)
  }

  leftTimestamp(): number { return this.#leftTs }
  rightTimestamp(): number { return this.#rightTs }
  timestamp(): number { return Math.max(this.#leftTs, this.#rightTs) }

  processElement(value: L, timestampMs: number): void {
    this.processElement1(value, timestampMs)
  }

  processElement1(value: L, timestampMs: number): void {
    this.setKeyOf(this.keySelector1, value)
    if (this.#isLate(timestampMs)) return
    addToBuffer(this.#left, timestampMs, value)
    for (const [rightTs, rights] of this.#right.entries()) {
      if (rightTs < timestampMs + this.lowerBoundMs || rightTs > timestampMs + this.upperBoundMs) continue
      for (const right of rights) this.#emit(value, timestampMs, right, rightTs)
    }
    this.timers.registerEventTimeTimer(LEFT_CLEANUP, this.upperBoundMs > 0 ? timestampMs + this.upperBoundMs : timestampMs)
  }

  processElement2(value: R, timestampMs: number): void {
    this.setKeyOf(this.keySelector2, value)
    if (this.#isLate(timestampMs)) return
    addToBuffer(this.#right, timestampMs, value)
    for (const [leftTs, lefts] of this.#left.entries()) {
      if (timestampMs < leftTs + this.lowerBoundMs || timestampMs > leftTs + this.upperBoundMs) continue
      for (const left of lefts) this.#emit(left, leftTs, value, timestampMs)
    }
    this.timers.registerEventTimeTimer(RIGHT_CLEANUP, this.lowerBoundMs <= 0 ? timestampMs - this.lowerBoundMs : timestampMs)
  }

  override onEventTime(timer: InternalTimer): void {
    if (timer.namespace === LEFT_CLEANUP) {
      this.#left.remove(this.upperBoundMs > 0 ? timer.timestampMs - this.upperBoundMs : timer.timestampMs)
    } else {
      this.#right.remove(this.lowerBoundMs <= 0 ? timer.timestampMs + this.lowerBoundMs : timer.timestampMs)
    }
  }

  #isLate(timestampMs: number): boolean {
    if (Number.isNaN(timestampMs)) {
      throw userFunctionFailed(this.name, new TypeError('interval joins need event timestamps; assign them with a WatermarkStrategy on the source'))
    }
    const late = timestampMs < this.timers.currentWatermark()
    if (late) this.numLateRecordsDropped++
    return late
  }

  #emit(left: L, leftTs: number, right: R, rightTs: number): void {
    this.#leftTs = leftTs
    this.#rightTs = rightTs
    this.#collector.timestampMs = Math.max(leftTs, rightTs)
    try {
      this.#join(left, right, this, this.#collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override close(): void {
    closeUserFunction(this.udf, this.name)
  }
}

function addToBuffer<T>(buffer: InternalMapState<number, T[]>, timestampMs: number, value: T): void {
  const bucket = buffer.get(timestampMs)
  if (bucket === undefined) {
    buffer.put(timestampMs, [value])
  } else {
    bucket.push(value)
    buffer.put(timestampMs, bucket) // a write-back, so backends that copy values see the change
  }
}
