// A job whose module never finishes loading in a worker thread (a top-level await that never settles there):
// its subtasks are never deployed, which the deployment timeout (slot.request.timeout) must turn into a failure.
import { isMainThread } from 'node:worker_threads'
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

if (!isMainThread) await new Promise<never>(() => {})

export default defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').sinkTo(new BlackholeSink(), 'Blackhole')
})
