import type { Sink, SinkWriter } from '../api/sink.js'
import { userFunctionFailed } from '../errors.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/** Hands every element to the subtask's SinkWriter. */
export class SinkOperator<T> extends AbstractStreamOperator<T> {
  #writer!: SinkWriter<T>
  #hasFlushedAtEnd = false

  constructor(name: string, private readonly sink: Sink<T>) {
    super(name)
  }

  override open(): void {
    const { subtaskIndex, parallelism } = this.context.runtimeContext
    try {
      this.#writer = this.sink.createWriter({ subtaskIndex, parallelism })
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  processElement(value: T, timestampMs: number): void {
    try {
      this.#writer.write(value, Number.isNaN(timestampMs) ? undefined : timestampMs)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override processWatermark(_watermarkMs: number): void {}

  override endInput(): void {
    this.#hasFlushedAtEnd = true
    try {
      this.#writer.flush(true)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  override close(): void {
    if (this.#writer === undefined) return
    try {
      if (!this.#hasFlushedAtEnd) this.#writer.flush(false)
      this.#writer.close()
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
