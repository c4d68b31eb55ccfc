import { jobIdArgument, parseClusterArguments } from './cluster-arguments.js'
import { CliUsageError } from '../errors.js'
import { RestClient } from './rest-client.js'

/** `sluice cancel [-m host:port] <jobId>`: cancels a running job (Flink's PATCH /jobs/:jobid?mode=cancel). */
export async function cancelCommand(args: readonly string[]): Promise<number> {
  const parsed = parseClusterArguments('cancel', args)
  if (parsed.positionals.length > 1) throw new CliUsageError(`'cancel' takes one job id, got ${parsed.positionals.length} arguments`)
  const jobId = jobIdArgument('cancel', parsed.positionals[0])
  const client = new RestClient(parsed.address)
  process.stdout.write(`Cancelling job ${jobId}.\n`)
  await client.request('PATCH', `/jobs/${jobId}?mode=cancel`, { jobId })
  process.stdout.write(`Cancelled job ${jobId}.\n`)
  return 0
}
