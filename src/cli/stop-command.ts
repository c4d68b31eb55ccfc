import { resolve } from 'node:path'
import { jobIdArgument, parseClusterArguments } from './cluster-arguments.js'
import { CliUsageError } from '../errors.js'
import { RestClient } from './rest-client.js'
import { awaitSavepoint } from './savepoint-command.js'

/**
 * `sluice stop [-m host:port] [-p|--savepointPath dir] [-d|--drain] <jobId>`: Flink's stop-with-savepoint. Without
 * --drain it suspends the job with a savepoint; with it, the sources end their input, the job's last output is
 * committed with the savepoint, and the job ends FINISHED.
 */
export async function stopCommand(args: readonly string[]): Promise<number> {
  const parsed = parseClusterArguments('stop', args, { valueOptions: [['--savepointPath', '-p']], flags: [['--drain', '-d']] })
  if (parsed.positionals.length > 1) throw new CliUsageError(`'stop' takes one job id, got ${parsed.positionals.length} arguments`)
  const jobId = jobIdArgument('stop', parsed.positionals[0])
  const directory = parsed.options.get('--savepointPath')
  const drain = parsed.flags.has('--drain')
  const client = new RestClient(parsed.address)
  process.stdout.write(drain ? `Draining job "${jobId}" with a savepoint.\n` : `Suspending job "${jobId}" with a savepoint.\n`)
  const location = await awaitSavepoint(client, jobId, '/stop', { drain, ...(directory === undefined ? {} : { targetDirectory: resolve(directory) }) })
  process.stdout.write(`Savepoint completed. Path: ${location}\n`)
  return 0
}
