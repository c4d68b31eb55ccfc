// Nexmark q0, q1, q2, q5 and q7 on Sluice at parallelism 1 and 2 against a hand-written
// single-threaded loop over the same generator, all in one run (the machine is shared and
// noisy: only ratios within a run mean something). CPU time is process.cpuUsage(), which
// counts every thread of the process (coordinator and workers).
// Run: npm run bench [-- --events N --queries q0,q5]
import { cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import { submitJob } from '../src/job/submit-job.js'
import { runLoop, type BenchQuery } from './nexmark-loops.js'

interface Measurement {
  readonly wallSeconds: number
  readonly cpuSeconds: number
}

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(name)
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback
}
const EVENTS = Number(option('--events', '10000000'))
const SEED = 42
const QUERIES = option('--queries', 'q0,q1,q2,q5,q7').split(',') as BenchQuery[]

async function measure(body: () => Promise<void> | void): Promise<Measurement> {
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  await body()
  const wallSeconds = (performance.now() - wallBefore) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

/**
 * Runs a query on Sluice and measures from RUNNING (every worker deployed) to FINISHED: starting
 * worker threads and compiling the job is a fixed cost that would otherwise swamp short runs.
 */
async function runSluice(query: BenchQuery, parallelism: number): Promise<Measurement> {
  const { jobMaster } = await submitJob({
    jobPath: `examples/nexmark/${query}.ts`,
    configEntries: [{ key: 'parallelism.default', value: String(parallelism), origin: 'bench' }],
    jobArgs: ['--events', String(EVENTS), '--seed', String(SEED)],
  })
  let running: { cpu: NodeJS.CpuUsage; wallMs: number } | undefined
  jobMaster.onStatusChange((status) => {
    if (status === 'RUNNING') running = { cpu: process.cpuUsage(), wallMs: performance.now() }
  })
  const result = await jobMaster.result()
  if (result.status !== 'FINISHED' || running === undefined) throw new Error(`${query} at p=${parallelism} ended ${result.status}: ${result.failure?.message}`)
  const cpu = process.cpuUsage(running.cpu)
  return { wallSeconds: (performance.now() - running.wallMs) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

/**
 * The machine's own ceiling for p=2: the hand loop in two threads at once, each over half the
 * events. Its wall-clock throughput over the one-thread loop's is what two cores give at best.
 */
async function loopInTwoThreads(query: BenchQuery): Promise<number> {
  const code = `
    const { register } = await import('tsx/esm/api'); register()
    const { runLoop } = await import(${JSON.stringify(new URL('./nexmark-loops.ts', import.meta.url).href)})
    const { parentPort, workerData } = await import('node:worker_threads')
    runLoop(workerData.query, 200000, workerData.seed)
    parentPort.postMessage('warm')
    await new Promise((resolve) => parentPort.once('message', resolve))
    runLoop(workerData.query, workerData.events, workerData.seed)
    parentPort.postMessage('done')`
  const workers = [0, 1].map(() => new Worker(code, { eval: true, workerData: { query, events: EVENTS / 2, seed: SEED } }))
  const next = (worker: Worker): Promise<unknown> => new Promise((resolve) => worker.once('message', resolve))
  await Promise.all(workers.map(next))
  const startMs = performance.now()
  const done = Promise.all(workers.map(next))
  for (const worker of workers) worker.postMessage('go')
  await done
  const wallSeconds = (performance.now() - startMs) / 1000
  await Promise.all(workers.map((worker) => worker.terminate()))
  return EVENTS / wallSeconds
}

const perCore = (m: Measurement): number => EVENTS / m.cpuSeconds
const perSecond = (m: Measurement): number => EVENTS / m.wallSeconds
const format = (value: number): string => Math.round(value).toLocaleString('en-US').padStart(12)

console.log(`Nexmark, ${EVENTS.toLocaleString('en-US')} events, seed ${SEED}, on ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`)
console.log('query  run      events/s/core   events/s wall   ÷ loop (per core)')
const summary: string[] = []
const speedups: string[] = []
for (const query of QUERIES) {
  runLoop(query, Math.min(EVENTS, 200_000), SEED) // warm the loop's code up
  const loop = await measure(() => { runLoop(query, EVENTS, SEED) })
  console.log(`${query.padEnd(6)} loop    ${format(perCore(loop))}    ${format(perSecond(loop))}`)
  const byParallelism = new Map<number, Measurement>()
  for (const parallelism of [1, 2]) {
    const sluice = await runSluice(query, parallelism)
    byParallelism.set(parallelism, sluice)
    const ratio = perCore(sluice) / perCore(loop)
    console.log(`${query.padEnd(6)} p=${parallelism}     ${format(perCore(sluice))}    ${format(perSecond(sluice))}   ${ratio.toFixed(2).padStart(8)}`)
    summary.push(`| ${query} | p=${parallelism} | ${Math.round(perCore(sluice)).toLocaleString('en-US')} | ${Math.round(perCore(loop)).toLocaleString('en-US')} | ${ratio.toFixed(2)} |`)
  }
  const speedup = perSecond(byParallelism.get(2)!) / perSecond(byParallelism.get(1)!)
  const loopSpeedup = (await loopInTwoThreads(query)) / perSecond(loop)
  console.log(`${query.padEnd(6)} p=2 ÷ p=1 wall-clock throughput: ${speedup.toFixed(2)} (the loop in two threads ÷ one: ${loopSpeedup.toFixed(2)})`)
  speedups.push(`| ${query} | ${speedup.toFixed(2)} | ${loopSpeedup.toFixed(2)} |`)
}
console.log('\nMarkdown rows (query | run | Sluice ev/s/core | loop ev/s/core | ratio):')
for (const row of summary) console.log(row)
console.log('\nMarkdown rows (query | Sluice p=2 ÷ p=1 wall | loop two threads ÷ one):')
for (const row of speedups) console.log(row)
