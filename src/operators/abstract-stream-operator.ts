import type { Output, StreamOperator, StreamOperatorContext } from './stream-operator.js'

/** Base of the built-in operators: keeps the context, forwards watermarks after firing timers. */
export abstract class AbstractStreamOperator<IN = unknown> implements StreamOperator<IN> {
  protected output!: Output<unknown>
  protected context!: StreamOperatorContext

  constructor(readonly name: string) {}

  setup(context: StreamOperatorContext): void {
    this.context = context
    this.output = context.output
  }

  open(): void {}

  abstract processElement(value: IN, timestampMs: number): void

  processWatermark(watermarkMs: number): void {
    this.context.timeServiceManager?.advanceWatermark(watermarkMs)
    this.output.emitWatermark(watermarkMs)
  }

  endInput(): void {}

  close(): void {}
}
