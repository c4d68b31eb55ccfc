// A map function that throws on the third record; the failure must name the operator and show this file's stack.
import { BlackholeSink, CollectionSource, defineJob } from '../../../src/index.js'

function parsePrice(n: number): number {
  if (n === 3) throw new RangeError(`price ${n} is out of range`)
  return n * 100
}

export default defineJob((env) => {
  env.fromSource(new CollectionSource([1, 2, 3, 4, 5]), undefined, 'Numbers')
    .map((n) => parsePrice(n)).name('Parse Price')
    .sinkTo(new BlackholeSink())
})
