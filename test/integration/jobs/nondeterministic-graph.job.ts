// A job whose main builds another pipeline in the worker threads than in the coordinator: every attempt fails to
// deploy the same way, so a restart can never get past it.
import { isMainThread } from 'node:worker_threads'
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

export default defineJob((env) => {
  const numbers = env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers')
  const shaped = isMainThread ? numbers : numbers.map((n) => n * 2).name('Double')
  shaped.sinkTo(new BlackholeSink(), 'Blackhole')
})
