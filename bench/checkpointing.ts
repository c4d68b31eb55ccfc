// The cost of checkpoints: Nexmark q5 at p=2 without checkpoints, and with exactly-once
// checkpoints every 1 s and every 100 ms, all in one run (only ratios within a run mean
// something). Prints throughput ÷ the run without checkpoints (targets ≥ 0.9 and ≥ 0.8) and the
// p99 end-to-end checkpoint duration. Run: npm run bench:checkpointing [-- --events N]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { submitJob } from '../src/job/submit-job.js'

const args = process.argv.slice(2)
const eventsIndex = args.indexOf('--events')
const EVENTS = Number(eventsIndex >= 0 ? args[eventsIndex + 1] : 20_000_000)

interface Run { readonly eventsPerSecond: number; readonly completed: number; readonly p99Ms: number; readonly maxMs: number }

async function run(intervalMs: number | undefined): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-checkpoints-'))
  try {
    const entries = [['parallelism.default', '2']]
    if (intervalMs !== undefined) entries.push(['execution.checkpointing.interval', `${intervalMs}ms`], ['execution.checkpointing.dir', dir])
    const { jobMaster } = await submitJob({
      jobPath: 'examples/nexmark/q5.ts',
      configEntries: entries.map(([key, value]) => ({ key: key!, value: value!, origin: 'bench' })),
      jobArgs: ['--events', String(EVENTS), '--seed', '42'],
    })
    let runningAtMs: number | undefined
    jobMaster.onStatusChange((status) => { if (status === 'RUNNING') runningAtMs = performance.now() })
    const result = await jobMaster.result()
    if (result.status !== 'FINISHED' || runningAtMs === undefined) throw new Error(`q5 ended ${result.status}: ${result.failure?.message}`)
    const seconds = (performance.now() - runningAtMs) / 1000
    const stats = jobMaster.checkpointStats?.snapshot()
    return {
      eventsPerSecond: EVENTS / seconds,
      completed: stats?.counts.completed ?? 0,
      p99Ms: stats?.summary.endToEndDurationMs.p99 ?? Number.NaN,
      maxMs: stats?.summary.endToEndDurationMs.max ?? Number.NaN,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`Nexmark q5, ${EVENTS.toLocaleString('en-US')} events, p=2, exactly-once checkpoints, Node ${process.version}`)
// the baseline runs before and after the checkpointed runs; their mean is the reference, their spread the noise
const before = await run(undefined)
const measuredRuns: [number, Run][] = []
for (const intervalMs of [1000, 100]) measuredRuns.push([intervalMs, await run(intervalMs)])
const afterwards = await run(undefined)
const baseline = { eventsPerSecond: (before.eventsPerSecond + afterwards.eventsPerSecond) / 2 }
const noise = Math.abs(before.eventsPerSecond - afterwards.eventsPerSecond) / baseline.eventsPerSecond
console.log(`no checkpoints        ${Math.round(baseline.eventsPerSecond).toLocaleString('en-US').padStart(12)} events/s  (two runs, ${(noise * 100).toFixed(0)} % apart)`)
for (const [intervalMs, measured] of measuredRuns) {
  const ratio = measured.eventsPerSecond / baseline.eventsPerSecond
  console.log(`every ${String(intervalMs).padStart(4)} ms         ${Math.round(measured.eventsPerSecond).toLocaleString('en-US').padStart(12)} events/s  ` +
    `÷ none ${ratio.toFixed(2)}  ${measured.completed} checkpoints, end-to-end p99 ${measured.p99Ms.toFixed(0)} ms, max ${measured.maxMs.toFixed(0)} ms`)
}
