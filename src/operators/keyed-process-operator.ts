import type { KeyedProcessFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import { TimedKeyedOperatorBase } from './timed-keyed-operator-base.js'

/** Runs a KeyedProcessFunction: per-key state and timers. */
export class KeyedProcessOperator<IN, OUT> extends TimedKeyedOperatorBase<IN, OUT> {
  constructor(name: string, private readonly keySelector: (value: IN) => Key, private readonly udf: KeyedProcessFunction<Key, IN, OUT>) {
    super(name, udf)
  }

  processElement(value: IN, timestampMs: number): void {
    this.setKeyOf(this.keySelector, value)
    this.beginElement(timestampMs)
    try {
      this.udf.processElement(value, this.ctx, this.collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
