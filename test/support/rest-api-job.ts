import { pollUntil } from './poll-until.js'
import { spawnCli, type SpawnedCli } from './spawn-cli.js'

/** A `sluice run` process and the URL of its REST API (parsed from its `REST API at ...` line). */
export interface RunningRestJob {
  readonly cli: SpawnedCli
  readonly url: string
  /** `host:port`, as `-m` takes it. */
  readonly address: string
  readonly jobId: string
}

/** Starts `sluice run <args>` (which should include `-D rest.port=0`), waits for its REST URL and its job id. */
export async function startRestJob(args: readonly string[]): Promise<RunningRestJob> {
  const cli = spawnCli(['run', ...args])
  const exitedEarly = cli.exited.then((result) => { throw new Error(`sluice run exited early with ${result.exitCode}: ${result.stderr}`) })
  exitedEarly.catch(() => undefined)
  const url = await Promise.race([exitedEarly, pollUntil(() => `the REST URL in stderr: ${cli.output().stderr}`,
    () => /REST API at (http:\/\/\S+)/.exec(cli.output().stderr)?.[1], { timeoutMs: 30_000, intervalMs: 20 })])
  const jobs = await pollUntil('a job at /jobs', async () => ((await getJson(url, '/jobs')).body as { jobs: { id: string }[] }).jobs[0]?.id,
    { timeoutMs: 30_000, intervalMs: 50 })
  return { cli, url, address: url.replace(/^http:\/\//, ''), jobId: jobs }
}

/** GETs `path` (or sends `method` with a JSON body) and returns the HTTP status and the parsed JSON. */
export async function getJson(url: string, path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url + path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/** Stops a `sluice run` (SIGINT, then SIGKILL if it lingers) and waits for it to exit. */
export async function stopRestJob(job: RunningRestJob | undefined): Promise<void> {
  if (job === undefined || job.cli.child.exitCode !== null || job.cli.child.signalCode !== null) return
  job.cli.child.kill('SIGINT')
  const timer = setTimeout(() => job.cli.child.kill('SIGKILL'), 15_000)
  await job.cli.exited
  clearTimeout(timer)
}
