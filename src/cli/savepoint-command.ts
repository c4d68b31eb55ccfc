import { resolve } from 'node:path'
import { CliUsageError, RestRequestFailedError, SavepointFailedError } from '../errors.js'
import { jobIdArgument, parseClusterArguments } from './cluster-arguments.js'
import { RestClient } from './rest-client.js'

/** How often the status of a savepoint is polled. */
const POLL_INTERVAL_MS = 200
/** How long a savepoint may take (Flink's execution.checkpointing.timeout default). */
const SAVEPOINT_TIMEOUT_MS = 10 * 60_000

/** `sluice savepoint [-m host:port] <jobId> [targetDirectory]`: takes a savepoint of a running job and prints its path. */
export async function savepointCommand(args: readonly string[]): Promise<number> {
  const parsed = parseClusterArguments('savepoint', args)
  if (parsed.positionals.length > 2) throw new CliUsageError(`'savepoint' takes a job id and an optional directory, got ${parsed.positionals.length} arguments`)
  const jobId = jobIdArgument('savepoint', parsed.positionals[0])
  const directory = parsed.positionals[1]
  const client = new RestClient(parsed.address)
  process.stdout.write(`Triggering savepoint for job ${jobId}.\nWaiting for response...\n`)
  const location = await awaitSavepoint(client, jobId, '/savepoints', directory === undefined ? {} : { 'target-directory': resolve(directory) })
  process.stdout.write(`Savepoint completed. Path: ${location}\nYou can resume your program from this savepoint with the run command: sluice run -s ${location} <job.ts>\n`)
  return 0
}

/**
 * POSTs a savepoint (or stop) request for `jobId` and polls its status until it completed; resolves with the
 * savepoint's location, or rejects with a SavepointFailedError carrying the server's reason.
 */
export async function awaitSavepoint(client: RestClient, jobId: string, triggerPath: '/savepoints' | '/stop', body: Record<string, unknown>): Promise<string> {
  const trigger = await client.request('POST', `/jobs/${jobId}${triggerPath}`, { body, jobId }) as { 'request-id'?: string }
  const triggerId = trigger['request-id']
  if (typeof triggerId !== 'string') throw new RestRequestFailedError(client.address, 202, 'the answer has no request-id')
  const deadline = Date.now() + SAVEPOINT_TIMEOUT_MS
  for (;;) {
    const status = await client.request('GET', `/jobs/${jobId}/savepoints/${triggerId}`, { jobId }) as {
      status?: { id?: string }
      operation?: { location?: string; 'failure-cause'?: { 'stack-trace'?: string } } | null
    }
    if (status.status?.id === 'COMPLETED') {
      const location = status.operation?.location
      if (location !== undefined) return location
      const cause = status.operation?.['failure-cause']?.['stack-trace'] ?? 'unknown cause'
      // Sluice's stack-trace field is "<code>: <message>"; the message may itself start with "savepoint failed: "
      throw new SavepointFailedError(cause.replace(/^[A-Z_]+: /, '').replace(/^savepoint failed: /, ''))
    }
    if (Date.now() > deadline) throw new SavepointFailedError(`no result within ${SAVEPOINT_TIMEOUT_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
}
