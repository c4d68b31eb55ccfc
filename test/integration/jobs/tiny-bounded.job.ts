// A small bounded job with two shuffles, for jobs that end before all their subtasks are deployed:
// the numbers 0 … N-1 → key n % 3 → running sum per key → rebalance → a transactional file sink.
// Job args: --elements N --out DIR
import { CollectionSource, TransactionalFileSink, defineJob } from '../../../src/index.js'

export interface KeySum {
  readonly key: number
  readonly sum: number
}

export default defineJob((env, args) => {
  const elements = Number(args[args.indexOf('--elements') + 1])
  const out = args[args.indexOf('--out') + 1]!
  env.fromSource(new CollectionSource(Array.from({ length: elements }, (_, n) => n)), undefined, 'Numbers')
    .map((n) => ({ key: n % 3, sum: n })).name('To Key Sum')
    .keyBy((row) => row.key)
    .reduce((a, b) => ({ key: a.key, sum: a.sum + b.sum })).name('Running Sum')
    .rebalance()
    .sinkTo(new TransactionalFileSink<KeySum>(out), 'Committed Sums')
})
