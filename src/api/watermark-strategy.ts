/** Where a WatermarkGenerator emits. */
export interface WatermarkOutput {
  emitWatermark(watermarkMs: number): void
  /** No data for a while: downstream ignores this input when it computes the minimum watermark. */
  markIdle(): void
  markActive(): void
}

/** Generates watermarks from events and periodically (Flink's WatermarkGenerator). */
export interface WatermarkGenerator<T> {
  onEvent(event: T, timestampMs: number, output: WatermarkOutput): void
  /** Called every pipeline.auto-watermark-interval. */
  onPeriodicEmit(output: WatermarkOutput): void
}

/** Extracts an event's timestamp; `recordTimestampMs` is what the source attached, if anything. */
export type TimestampAssigner<T> = (event: T, recordTimestampMs: number | undefined) => number

/** Flink's BoundedOutOfOrdernessWatermarks: watermark = highest timestamp seen − bound − 1. */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  #maxTimestampMs = Number.NEGATIVE_INFINITY
  constructor(private readonly outOfOrdernessMs: number) {}
  onEvent(_event: T, timestampMs: number): void {
    if (timestampMs > this.#maxTimestampMs) this.#maxTimestampMs = timestampMs
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.#maxTimestampMs !== Number.NEGATIVE_INFINITY) output.emitWatermark(this.#maxTimestampMs - this.outOfOrdernessMs - 1)
  }
}

/** Flink's WatermarksWithIdleness: marks the input idle when no event arrived for idleTimeoutMs. */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  #lastEventAtMs: number
  #isIdle = false
  constructor(private readonly inner: WatermarkGenerator<T>, private readonly idleTimeoutMs: number, private readonly nowMs: () => number) {
    this.#lastEventAtMs = nowMs()
  }
  onEvent(event: T, timestampMs: number, output: WatermarkOutput): void {
    this.#lastEventAtMs = this.nowMs()
    if (this.#isIdle) {
      this.#isIdle = false
      output.markActive()
    }
    this.inner.onEvent(event, timestampMs, output)
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    if (!this.#isIdle && this.nowMs() - this.#lastEventAtMs >= this.idleTimeoutMs) {
      this.#isIdle = true
      output.markIdle()
    }
    if (!this.#isIdle) this.inner.onPeriodicEmit(output)
  }
}

/** Emits no watermarks (event time never advances until end of input). */
class NoWatermarks<T> implements WatermarkGenerator<T> {
  onEvent(): void {}
  onPeriodicEmit(): void {}
}

/** How a source assigns event timestamps and generates watermarks (Flink's WatermarkStrategy). */
export class WatermarkStrategy<T> {
  private constructor(
    private readonly makeGenerator: () => WatermarkGenerator<T>,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
    readonly idleTimeoutMs: number | undefined,
  ) {}

  /** Watermarks trail the highest timestamp by `maxOutOfOrdernessMs`. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMs), undefined, undefined)
  }

  /** For timestamps that never decrease. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return WatermarkStrategy.forBoundedOutOfOrderness<T>(0)
  }

  /** Processing-time jobs: no event time. */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(() => new NoWatermarks<T>(), undefined, undefined)
  }

  /** Takes event timestamps from the events. */
  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.makeGenerator, assigner, this.idleTimeoutMs)
  }

  /** Marks a source subtask idle after `idleTimeoutMs` without events, so it does not hold back the watermark. */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.makeGenerator, this.timestampAssigner, idleTimeoutMs)
  }

  /** A fresh generator for one source subtask. */
  createWatermarkGenerator(nowMs: () => number): WatermarkGenerator<T> {
    const generator = this.makeGenerator()
    return this.idleTimeoutMs === undefined ? generator : new WatermarksWithIdleness(generator, this.idleTimeoutMs, nowMs)
  }
}
