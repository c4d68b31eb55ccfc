// A fast unthrottled source in front of a sink that takes 1 ms per record (busy, as a slow
// database write would be). Job args: --events N, --sink slow|blackhole.
import { BlackholeSink, DataGeneratorSource, defineJob, type Sink } from '../../../src/index.js'

/** Spends one millisecond of CPU per record. */
const slowSink: Sink<{ id: number; payload: string }> = {
  createWriter: () => ({
    write() {
      const until = performance.now() + 1
      while (performance.now() < until) { /* a slow write */ }
    },
    flush() {},
    close() {},
  }),
}

export default defineJob((env, args) => {
  const events = Number(args[args.indexOf('--events') + 1] ?? 10_000_000)
  const isSlow = args[args.indexOf('--sink') + 1] !== 'blackhole'
  const records = env.fromSource(new DataGeneratorSource((i) => ({ id: i, payload: 'x'.repeat(40) }), events), undefined, 'Generator')
    .rebalance()
  if (isSlow) records.sinkTo(slowSink, 'Slow Sink')
  else records.sinkTo(new BlackholeSink(), 'Blackhole')
})
