// Starts the real metric servers from Debian's packages (Pushgateway, Prometheus, InfluxDB 1.x, carbon-cache) on
// free loopback ports in temporary directories, waits until each is ready by polling, and stops them again. A server
// whose package is missing fails at once (MetricServerNotInstalledError), before anything is spawned.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertMetricServersInstalled } from './metric-server-packages.js'
import { pollUntil } from './poll-until.js'

/** A server a test started; `stop` kills it and removes its directory. */
export interface RunningServer {
  readonly port: number
  readonly dir: string
  /** What the server printed so far, for failure messages. */
  output(): string
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 30_000

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** GETs a URL; undefined while the server does not answer (for polling). */
export async function tryFetch(url: string, init?: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(2000) })
  } catch {
    return undefined
  }
}

async function startServer(name: string, command: string, args: readonly string[], dir: string, port: number,
  isReady: () => Promise<boolean>, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  let exitCode: number | null | undefined
  const exited = new Promise<void>((resolve) => child.on('close', (code) => { exitCode = code; resolve() }))
  const server: RunningServer = { port, dir, output: () => output, stop: () => stopProcess(child, exited, dir) }
  try {
    await pollUntil(() => `${name} on port ${port} to be ready; output so far:\n${output}`, async () => {
      if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode}:\n${output}`)
      return (await isReady()) ? true : undefined
    }, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 100 })
  } catch (error) {
    await server.stop()
    throw error
  }
  return server
}

async function stopProcess(child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }
  await rm(dir, { recursive: true, force: true })
}

/** prometheus-pushgateway without persistence. */
export async function startPushgateway(): Promise<RunningServer & { readonly url: string }> {
  assertMetricServersInstalled('prometheus-pushgateway')
  const dir = await mkdtemp(join(tmpdir(), 'sluice-pushgateway-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const server = await startServer('prometheus-pushgateway', '/usr/bin/prometheus-pushgateway',
    [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], dir, port,
    async () => (await tryFetch(`${url}/-/ready`))?.status === 200)
  return { ...server, url }
}

/** The groups the Pushgateway holds (its /api/v1/metrics), each with its grouping labels and metric families. */
export async function pushgatewayGroups(url: string): Promise<readonly { labels: Record<string, string>; metricNames: readonly string[] }[]> {
  const response = await fetch(`${url}/api/v1/metrics`)
  const body = await response.json() as { data: Record<string, unknown>[] }
  return body.data.map((group) => ({
    labels: group['labels'] as Record<string, string>,
    metricNames: Object.keys(group).filter((key) => key !== 'labels' && !key.startsWith('push_time') && !key.startsWith('push_failure') && key !== 'last_push_successful'),
  }))
}

/** prometheus scraping `target` (host:port) every second. */
export async function startPrometheus(target: string): Promise<RunningServer & { readonly url: string }> {
  assertMetricServersInstalled('prometheus')
  const dir = await mkdtemp(join(tmpdir(), 'sluice-prometheus-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  await writeFile(join(dir, 'prometheus.yml'), [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: sluice',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n'))
  const server = await startServer('prometheus', '/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], dir, port, async () => (await tryFetch(`${url}/-/ready`))?.status === 200)
  return { ...server, url }
}

/** Runs a PromQL instant query; the result vector. */
export async function promQuery(url: string, query: string): Promise<readonly { metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)
  const body = await response.json() as { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } }
  return body.data?.result ?? []
}

/** influxd 1.x with all state in a temporary directory, and a database `db` created. */
export async function startInfluxd(db: string): Promise<RunningServer & { readonly url: string }> {
  assertMetricServersInstalled('influxdb')
  const dir = await mkdtemp(join(tmpdir(), 'sluice-influxd-'))
  const port = await freePort()
  const rpcPort = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    INFLUXDB_META_DIR: join(dir, 'meta'), INFLUXDB_DATA_DIR: join(dir, 'data'), INFLUXDB_DATA_WAL_DIR: join(dir, 'wal'),
    INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${port}`, INFLUXDB_BIND_ADDRESS: `127.0.0.1:${rpcPort}`,
    INFLUXDB_REPORTING_DISABLED: 'true', INFLUXDB_HTTP_LOG_ENABLED: 'false',
  }
  const server = await startServer('influxd', '/usr/bin/influxd', ['run', '-config', '/etc/influxdb/influxdb.conf'], dir, port,
    async () => (await tryFetch(`${url}/ping`))?.status === 204, env)
  const created = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: `CREATE DATABASE "${db}"` }) })
  if (created.status !== 200) {
    await server.stop()
    throw new Error(`CREATE DATABASE answered ${created.status}`)
  }
  return { ...server, url }
}

/** Runs an InfluxQL query; the series of the first result. */
export async function influxQuery(url: string, db: string, query: string): Promise<readonly { name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }[]> {
  const response = await fetch(`${url}/query?${new URLSearchParams({ db, q: query })}`)
  const body = await response.json() as { results?: { series?: { name: string; columns: string[]; values: unknown[][] }[] }[] }
  return body.results?.[0]?.series ?? []
}

/** carbon-cache with a private configuration: 1 s resolution for every metric, TCP and UDP line receivers on `port`. */
export async function startCarbon(): Promise<RunningServer & { readonly whisperDir: string }> {
  assertMetricServersInstalled('graphite-carbon')
  const dir = await mkdtemp(join(tmpdir(), 'sluice-carbon-'))
  const port = await freePort()
  const picklePort = await freePort()
  const queryPort = await freePort()
  const whisperDir = join(dir, 'storage', 'whisper')
  for (const sub of ['conf', 'storage/whisper', 'log', 'run']) await mkdir(join(dir, sub), { recursive: true })
  await writeFile(join(dir, 'conf', 'carbon.conf'), [
    '[cache]',
    `STORAGE_DIR = ${join(dir, 'storage')}/`,
    `LOCAL_DATA_DIR = ${whisperDir}/`,
    `CONF_DIR = ${join(dir, 'conf')}/`,
    `LOG_DIR = ${join(dir, 'log')}/`,
    `PID_DIR = ${join(dir, 'run')}/`,
    'USER =',
    'MAX_CACHE_SIZE = inf',
    'MAX_UPDATES_PER_SECOND = inf',
    'MAX_CREATES_PER_MINUTE = inf',
    'LINE_RECEIVER_INTERFACE = 127.0.0.1',
    `LINE_RECEIVER_PORT = ${port}`,
    'ENABLE_UDP_LISTENER = True',
    'UDP_RECEIVER_INTERFACE = 127.0.0.1',
    `UDP_RECEIVER_PORT = ${port}`,
    'PICKLE_RECEIVER_INTERFACE = 127.0.0.1',
    `PICKLE_RECEIVER_PORT = ${picklePort}`,
    'CACHE_QUERY_INTERFACE = 127.0.0.1',
    `CACHE_QUERY_PORT = ${queryPort}`,
    'ENABLE_TAGS = False',
    'LOG_LISTENER_CONN_SUCCESS = False',
    '',
  ].join('\n'))
  await writeFile(join(dir, 'conf', 'storage-schemas.conf'), '[all]\npattern = .*\nretentions = 1s:1h\n')
  const server = await startServer('carbon-cache', '/usr/bin/carbon-cache',
    [`--config=${join(dir, 'conf', 'carbon.conf')}`, '--nodaemon', 'start'], dir, port, () => canConnect(port))
  return { ...server, whisperDir }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

/** The (time, value) points of a whisper file that hold a value, via whisper-fetch. */
export async function whisperPoints(file: string, fromEpochSeconds: number): Promise<readonly [number, number][]> {
  assertMetricServersInstalled('python3-whisper')
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('/usr/bin/whisper-fetch', [`--from=${fromEpochSeconds}`, file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString() })
    child.on('error', reject)
    child.on('close', () => resolve(text))
  })
  return output.split('\n').map((line) => line.trim().split(/\s+/)).filter((parts) => parts.length === 2 && parts[1] !== 'None')
    .map(([time, value]) => [Number(time), Number(value)] as [number, number])
}
