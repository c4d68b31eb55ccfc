// A pipeline that reads and maps but never writes anywhere: the graph has no sink.
import { CollectionSource, defineJob } from '../../../src/index.js'

export default defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers')
    .map((n) => n * 2).name('Double')
})
