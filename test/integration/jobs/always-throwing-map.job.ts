// A map that throws on every record: user code fails the same way every time, yet stays recoverable (as in Flink),
// so the restart strategy decides how often the job restarts before it fails.
import { BlackholeSink, DataGeneratorSource, defineJob } from '../../../src/index.js'

export default defineJob((env) => {
  env.fromSource(new DataGeneratorSource((i) => i, 1000), undefined, 'Numbers')
    .map((n): number => { throw new RangeError(`record ${n} is refused`) }).name('Refuse')
    .sinkTo(new BlackholeSink())
})
