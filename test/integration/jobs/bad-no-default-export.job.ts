// Builds a pipeline but forgets `export default`: the CLI must say so, naming the file.
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

export const job = defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').sinkTo(new BlackholeSink())
})
