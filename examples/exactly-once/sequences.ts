// The exactly-once acceptance job: per-key sequences 1…M → keyBy(key) → a running sum in keyed state,
// checked on the way (every seq must be the last one + 1) → a transactional file sink. Its committed
// output holds, per key, every seq once with sum = 1 + … + seq; test/support/sequence-output.ts checks it.
//   npx sluice run examples/exactly-once/sequences.ts -p 2 -- --keys 10 --per-key 1000 --out /tmp/seq-out
// Its part files roll at every checkpoint unless --roll-after-ms says otherwise: the acceptance tests look for
// committed rows right after the first checkpoints. A job of your own keeps the sink's defaults (docs/file-sink.md).
import {
  SequenceSource, TransactionalFileSink, defineJob, valueState,
  type Collector, type KeyedProcessContext, type KeyedProcessFunction, type RuntimeContext, type SequenceElement,
  type ValueState,
} from 'sluice'

export interface SequencesArgs {
  readonly keys: number
  readonly perKey: number
  readonly rate: number | undefined
  readonly out: string
  /** Fixes the source's parallelism, so the keyed part can be restored at another one (sources cannot rescale yet). */
  readonly sourceParallelism: number | undefined
  /** CPU time the keyed operator burns per element, making it the bottleneck: the job runs back-pressured. */
  readonly busyMicros: number
  /** CPU time burnt per row in a task of its own before the sink, so the keyed task's output is back-pressured too. */
  readonly sinkBusyMicros: number
  /** The sink's rollover and inactivity interval; 0 rolls the part files at every checkpoint. */
  readonly rollAfterMs: number
  /** The sink's maximum part file size; its default when undefined. */
  readonly maxPartBytes: number | undefined
}

/** One output row: the key's seq-th value and the sum of its values 1…seq. */
export interface SequenceSum {
  readonly key: string
  readonly seq: number
  readonly sum: number
}

const USAGE = '--keys K --per-key M [--rate R] --out DIR [--source-parallelism P] [--busy-us U] [--sink-busy-us U] [--roll-after-ms MS] [--max-part-bytes B]'
const ARGUMENTS = ['--keys', '--per-key', '--rate', '--out', '--source-parallelism', '--busy-us', '--sink-busy-us', '--roll-after-ms', '--max-part-bytes']

/** Parses the job's arguments (USAGE). */
export function parseSequencesArgs(args: readonly string[]): SequencesArgs {
  const values = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!
    if (!ARGUMENTS.includes(name)) throw new TypeError(`unknown argument '${name}'; expected ${USAGE}`)
    const value = args[++i]
    if (value === undefined) throw new TypeError(`${name} needs a value`)
    values.set(name, value)
  }
  const required = (name: string): string => {
    const value = values.get(name)
    if (value === undefined) throw new TypeError(`${name} is required; expected ${USAGE}`)
    return value
  }
  const number = (name: string, raw: string): number => {
    const value = Number(raw)
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number, got '${raw}'`)
    return value
  }
  const rate = values.get('--rate')
  const sourceParallelism = values.get('--source-parallelism')
  const busyMicros = values.get('--busy-us')
  const sinkBusyMicros = values.get('--sink-busy-us')
  const rollAfterMs = values.get('--roll-after-ms')
  const maxPartBytes = values.get('--max-part-bytes')
  return {
    busyMicros: busyMicros === undefined ? 0 : number('--busy-us', busyMicros),
    sinkBusyMicros: sinkBusyMicros === undefined ? 0 : number('--sink-busy-us', sinkBusyMicros),
    sourceParallelism: sourceParallelism === undefined ? undefined : number('--source-parallelism', sourceParallelism),
    keys: number('--keys', required('--keys')),
    perKey: number('--per-key', required('--per-key')),
    rate: rate === undefined ? undefined : number('--rate', rate),
    out: required('--out'),
    rollAfterMs: rollAfterMs === undefined ? 0 : number('--roll-after-ms', rollAfterMs),
    maxPartBytes: maxPartBytes === undefined ? undefined : number('--max-part-bytes', maxPartBytes),
  }
}

interface RunningSum { lastSeq: number; sum: number }

/** Keyed by key: sums the sequence and fails loudly on the first seq that is not the last one + 1. */
class CheckedRunningSum implements KeyedProcessFunction<string, SequenceElement, SequenceSum> {
  state!: ValueState<RunningSum>

  constructor(private readonly busyMicros: number) {}

  open(ctx: RuntimeContext): void {
    this.state = ctx.getState(valueState<RunningSum>('running-sum'))
  }

  processElement(element: SequenceElement, _ctx: KeyedProcessContext<string>, out: Collector<SequenceSum>): void {
    const { lastSeq, sum } = this.state.value() ?? { lastSeq: 0, sum: 0 }
    // a lost or repeated element (or lost or repeated state) must fail the job, never be smoothed over
    if (element.seq !== lastSeq + 1) {
      throw new Error(`key ${element.key}: seq ${element.seq} follows seq ${lastSeq}; expected ${lastSeq + 1}`)
    }
    if (this.busyMicros > 0) burnCpu(this.busyMicros)
    const next = { lastSeq: element.seq, sum: sum + element.seq }
    this.state.update(next)
    out.collect({ key: element.key, seq: element.seq, sum: next.sum })
  }
}

function burnCpu(micros: number): void {
  const until = performance.now() + micros / 1000
  while (performance.now() < until) { /* a slow operator, on purpose */ }
}

export default defineJob((env, rawArgs) => {
  const args = parseSequencesArgs(rawArgs)
  env.setJobName(`Exactly-once sequences (${args.keys} keys × ${args.perKey})`)
  const source = new SequenceSource({ keys: args.keys, perKey: args.perKey, ...(args.rate === undefined ? {} : { rate: args.rate }) })
  const sequences = env.fromSource(source, undefined, 'Sequences').uid('sequences')
  if (args.sourceParallelism !== undefined) sequences.setParallelism(args.sourceParallelism)
  const sums = sequences
    .keyBy((element) => element.key)
    .process(new CheckedRunningSum(args.busyMicros)).name('Checked Running Sum').uid('running-sum')
  const toCommit = args.sinkBusyMicros === 0 ? sums : sums.rebalance().map((row) => {
    burnCpu(args.sinkBusyMicros)
    return row
  }).name('Slow Work').uid('slow-work')
  const rollingPolicy = {
    rolloverIntervalMs: args.rollAfterMs, inactivityIntervalMs: args.rollAfterMs,
    ...(args.maxPartBytes === undefined ? {} : { maxPartSizeBytes: args.maxPartBytes }),
  }
  toCommit.sinkTo(new TransactionalFileSink<SequenceSum>(args.out, { rollingPolicy }), 'Transactional Files').uid('committed-files')
})
