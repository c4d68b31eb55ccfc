// A map function that does not return for two minutes: its worker cannot answer a cancel, so cancelling the job
// takes the whole grace period the coordinator gives workers. It says so on stderr when it gets stuck.
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

function stuck(n: number): number {
  process.stderr.write('stuck-map: the map function is stuck\n')
  const until = Date.now() + 120_000
  while (Date.now() < until) { /* a call that never comes back */ }
  return n
}

export default defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers')
    .map((n) => stuck(n)).name('Stuck Map')
    .sinkTo(new BlackholeSink())
})
