// Per-key sequences 1…M → keyBy(key) → a running sum in keyed state, padded with a long, repetitive
// string per key (compressible; its size sets how heavy every snapshot is) and checked on each element:
// every seq must be the last one + 1 and the padding must be the one written, so restored state that
// differs from the state before the failure fails the job. The sink is a transactional file sink
// (`--out DIR`, rows { key, seq, sum } for test/support/sequence-output.ts) or a blackhole (no --out).
// Job args: --keys K --per-key M [--rate R] [--pad-bytes B] [--out DIR]
import {
  BlackholeSink, SequenceSource, TransactionalFileSink, defineJob, valueState,
  type Collector, type KeyedProcessContext, type KeyedProcessFunction, type RuntimeContext, type SequenceElement,
  type ValueState,
} from '../../../src/index.js'

interface PaddedSum { lastSeq: number; sum: number; pad: string }

/** One output row, as examples/exactly-once/sequences.ts writes it. */
interface SequenceSum { key: string; seq: number; sum: number }

/** The padding a key's state carries: the key repeated up to `bytes` characters (snappy shrinks it to a few bytes). */
function paddingOf(key: string, bytes: number): string {
  return `${key}:`.repeat(Math.ceil(bytes / (key.length + 1))).slice(0, bytes)
}

class CheckedPaddedSum implements KeyedProcessFunction<string, SequenceElement, SequenceSum> {
  state!: ValueState<PaddedSum>

  constructor(private readonly padBytes: number) {}

  open(ctx: RuntimeContext): void {
    this.state = ctx.getState(valueState<PaddedSum>('padded-sum'))
  }

  processElement(element: SequenceElement, _ctx: KeyedProcessContext<string>, out: Collector<SequenceSum>): void {
    const pad = paddingOf(element.key, this.padBytes)
    const { lastSeq, sum, pad: storedPad } = this.state.value() ?? { lastSeq: 0, sum: 0, pad }
    if (element.seq !== lastSeq + 1) {
      throw new Error(`key ${element.key}: seq ${element.seq} follows seq ${lastSeq}; expected ${lastSeq + 1}`)
    }
    if (storedPad !== pad) throw new Error(`key ${element.key}: the padding in keyed state changed (length ${storedPad.length})`)
    const next = { lastSeq: element.seq, sum: sum + element.seq, pad }
    this.state.update(next)
    out.collect({ key: element.key, seq: element.seq, sum: next.sum })
  }
}

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index < 0 ? undefined : args[index + 1]
}

export default defineJob((env, args) => {
  const keys = Number(argument(args, '--keys') ?? 10)
  const perKey = Number(argument(args, '--per-key') ?? 1000)
  const rate = argument(args, '--rate')
  const padBytes = Number(argument(args, '--pad-bytes') ?? 0)
  const out = argument(args, '--out')
  const sums = env.fromSource(new SequenceSource({ keys, perKey, ...(rate === undefined ? {} : { rate: Number(rate) }) }), undefined, 'Sequences')
    .keyBy((element) => element.key)
    .process(new CheckedPaddedSum(padBytes)).name('Checked Padded Sum')
  if (out === undefined) sums.sinkTo(new BlackholeSink(), 'Blackhole')
  else sums.sinkTo(new TransactionalFileSink<SequenceSum>(out), 'Transactional Files')
})
