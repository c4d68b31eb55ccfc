// Latency tracking on a path source → (rebalance) → Work → (rebalance) → Blackhole, with Work taking
// --work-ms of CPU per record. At --rate 1000 records/s, Work above 1 ms is the bottleneck, so the
// records (and the latency markers in line with them) queue in front of it.
// Job args: --events N --rate R --work-ms W
import { BlackholeSink, DataGeneratorSource, defineJob } from '../../../src/index.js'

function argument(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name)
  return at < 0 ? fallback : Number(args[at + 1])
}

export default defineJob((env, args) => {
  const events = argument(args, '--events', 1_000_000)
  const rate = argument(args, '--rate', 1_000)
  const workMs = argument(args, '--work-ms', 0)
  env.fromSource(new DataGeneratorSource((i) => ({ id: i }), events, { recordsPerSecond: rate }), undefined, 'Generator')
    .rebalance()
    .map((record) => {
      const until = performance.now() + workMs
      while (performance.now() < until) { /* the operator under suspicion */ }
      return record
    }).name('Work')
    .rebalance()
    .sinkTo(new BlackholeSink(), 'Blackhole')
})
