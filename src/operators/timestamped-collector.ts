import type { Collector } from '../api/functions.js'
import type { Output } from './stream-operator.js'

/** A Collector that stamps what it emits with the timestamp of the element or timer being processed. */
export class TimestampedCollector<T> implements Collector<T> {
  timestampMs = Number.NaN
  constructor(private readonly output: Output<T>) {}
  collect(value: T): void {
    this.output.collect(value, this.timestampMs)
  }
}
