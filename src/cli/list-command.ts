import { CliUsageError } from '../errors.js'
import { parseClusterArguments } from './cluster-arguments.js'
import { RestClient } from './rest-client.js'

interface JobOverview {
  readonly jid: string
  readonly name: string
  readonly state: string
  readonly 'start-time': number
}

const RUNNING_STATES = new Set(['CREATED', 'INITIALIZING', 'RUNNING', 'RESTARTING', 'FAILING', 'CANCELLING', 'RECONCILING'])

/** `sluice list [-a] [-m host:port]`: the jobs at a REST address, as Flink's `flink list` prints them (running; -a: all). */
export async function listCommand(args: readonly string[]): Promise<number> {
  const parsed = parseClusterArguments('list', args, { flags: [['-a', '--all'], ['-r', '--running']] })
  if (parsed.positionals.length > 0) throw new CliUsageError(`unexpected argument '${parsed.positionals[0]}' for 'list'`)
  const client = new RestClient(parsed.address)
  const overview = await client.request('GET', '/jobs/overview') as { jobs: JobOverview[] }
  const jobs = [...overview.jobs].sort((a, b) => a['start-time'] - b['start-time'])
  const running = jobs.filter((job) => RUNNING_STATES.has(job.state))
  const ended = jobs.filter((job) => !RUNNING_STATES.has(job.state))
  const lines: string[] = []
  section(lines, 'Running/Restarting Jobs', running, 'No running jobs.')
  if (parsed.flags.has('-a')) section(lines, 'Terminated Jobs', ended, 'No terminated jobs.')
  process.stdout.write(lines.join('\n') + '\n')
  return 0
}

function section(lines: string[], title: string, jobs: readonly JobOverview[], empty: string): void {
  if (jobs.length === 0) {
    lines.push(empty)
    return
  }
  lines.push(`${'-'.repeat(18)} ${title} ${'-'.repeat(Math.max(3, 42 - title.length))}`)
  for (const job of jobs) lines.push(`${formatTime(job['start-time'])} : ${job.jid} : ${job.name} (${job.state})`)
  lines.push('-'.repeat(62))
}

/** Flink's `dd.MM.yyyy HH:mm:ss`, local time. */
function formatTime(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}
