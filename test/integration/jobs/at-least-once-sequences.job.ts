// Per-key sequences through a keyed operator that tolerates repeats (at-least-once replays some
// records after a restore) into the transactional file sink. Job args: --keys K --per-key M --rate R --out DIR.
import {
  SequenceSource, TransactionalFileSink, defineJob, valueState,
  type Collector, type KeyedProcessContext, type KeyedProcessFunction, type RuntimeContext, type SequenceElement, type ValueState,
} from '../../../src/index.js'

/** Counts how often the key was seen, and passes every element on. */
class CountingPassThrough implements KeyedProcessFunction<string, SequenceElement, { key: string; seq: number; seen: number }> {
  seen!: ValueState<number>

  open(ctx: RuntimeContext): void {
    this.seen = ctx.getState(valueState<number>('seen', 0))
  }

  processElement(element: SequenceElement, _ctx: KeyedProcessContext<string>, out: Collector<{ key: string; seq: number; seen: number }>): void {
    const seen = this.seen.value()! + 1
    this.seen.update(seen)
    out.collect({ key: element.key, seq: element.seq, seen })
  }
}

export default defineJob((env, args) => {
  const value = (name: string): string => args[args.indexOf(name) + 1]!
  const source = new SequenceSource({ keys: Number(value('--keys')), perKey: Number(value('--per-key')), rate: Number(value('--rate')) })
  env.fromSource(source, undefined, 'Sequences')
    .keyBy((element) => element.key)
    .process(new CountingPassThrough()).name('Counting Pass-Through')
    .sinkTo(new TransactionalFileSink<{ key: string; seq: number; seen: number }>(value('--out')), 'Transactional Files')
})
