// Reads the lines of the files given, at any parallelism (a subtask without a file has no split and ends at once),
// and commits them with a transactional file sink. Job args: --out DIR FILE...
import { FileSource, TransactionalFileSink, defineJob } from '../../../src/index.js'

export default defineJob((env, args) => {
  const out = args[args.indexOf('--out') + 1]!
  const files = args.filter((_, i) => i !== args.indexOf('--out') && i !== args.indexOf('--out') + 1)
  env.fromSource(FileSource.forLines(...files), undefined, 'Lines')
    .map((line) => ({ line })).name('Wrap')
    .rebalance()
    .sinkTo(new TransactionalFileSink<{ line: string }>(out), 'Committed Lines')
})
