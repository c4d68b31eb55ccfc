import type { KeyedCoProcessFunction } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimedKeyedOperatorBase } from './timed-keyed-operator-base.js'

/** Runs a KeyedCoProcessFunction over two connected keyed streams. */
export class KeyedCoProcessOperator<IN1, IN2, OUT> extends TimedKeyedOperatorBase<IN1, OUT> implements TwoInputStreamOperator<IN1, IN2> {
  constructor(
    name: string,
    private readonly keySelector1: (value: IN1) => Key,
    private readonly keySelector2: (value: IN2) => Key,
    private readonly udf: KeyedCoProcessFunction<Key, IN1, IN2, OUT>,
  ) {
    super(name, udf)
  }

  processElement(value: IN1, timestampMs: number): void {
    this.processElement1(value, timestampMs)
  }

  processElement1(value: IN1, timestampMs: number): void {
    this.setKeyOf(this.keySelector1, value)
    this.beginElement(timestampMs)
    try {
      this.udf.processElement1(value, this.ctx, this.collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }

  processElement2(value: IN2, timestampMs: number): void {
    this.setKeyOf(this.keySelector2, value)
    this.beginElement(timestampMs)
    try {
      this.udf.processElement2(value, this.ctx, this.collector)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
  }
}
