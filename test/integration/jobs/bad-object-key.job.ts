// keyBy with an object key: rejected at the partitioner, naming the operator.
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

export default defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers')
    .map((n) => ({ id: n })).name('Wrap')
    .keyBy((wrapped) => wrapped as never)
    .reduce((a) => a).name('Reduce')
    .sinkTo(new BlackholeSink())
})
