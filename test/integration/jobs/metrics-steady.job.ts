// A steady throttled stream for the metric reporter tests: Generator → (rebalance) → Double → Blackhole.
// Job args: --events N (default: endless), --rate records per second (default 2000).
import { BlackholeSink, DataGeneratorSource, defineJob } from '../../../src/index.js'

export default defineJob((env, args) => {
  const option = (name: string): number | undefined => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined)
  const events = option('--events') ?? Number.POSITIVE_INFINITY
  const rate = option('--rate') ?? 2000
  env.setJobName('metrics steady')
  env.fromSource(new DataGeneratorSource((i) => i, events, { recordsPerSecond: rate }), undefined, 'Generator')
    .rebalance()
    .map((i) => i * 2).name('Double')
    .sinkTo(new BlackholeSink(), 'Blackhole')
})
