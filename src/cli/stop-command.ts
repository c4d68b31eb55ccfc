import { resolve } from 'node:path'
import { jobIdArgument, parseClusterArguments } from './cluster-arguments.js'
import { CliUsageError } from '../errors.js'
import { RestClient } from './rest-client.js'
import { awaitSavepoint } from './savepoint-command.js'

/** `sluice stop [-m host:port] [-p|--savepointPath dir] <jobId>`: takes a savepoint, then stops the job (Flink's stop-with-savepoint). */
export async function stopCommand(args: readonly string[]): Promise<number> {
  const parsed = parseClusterArguments('stop', args, { valueOptions: [['--savepointPath', '-p']], flags: [['--drain', '-d']] })
  if (parsed.flags.has('--drain')) throw new CliUsageError("'stop --drain' is not supported: Sluice stops without draining (no MAX_WATERMARK before the savepoint)")
  if (parsed.positionals.length > 1) throw new CliUsageError(`'stop' takes one job id, got ${parsed.positionals.length} arguments`)
  const jobId = jobIdArgument('stop', parsed.positionals[0])
  const directory = parsed.options.get('--savepointPath')
  const client = new RestClient(parsed.address)
  process.stdout.write(`Suspending job "${jobId}" with a savepoint.\n`)
  const location = await awaitSavepoint(client, jobId, '/stop', { drain: false, ...(directory === undefined ? {} : { targetDirectory: resolve(directory) }) })
  process.stdout.write(`Savepoint completed. Path: ${location}\n`)
  return 0
}
