import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { NexmarkEvent } from '../../src/connectors/nexmark/nexmark-event.js'
import { canonicalMultiset, referenceQuery } from '../support/nexmark-reference.js'
import { runCli } from '../support/run-cli.js'

// The acceptance size; SLUICE_NEXMARK_EVENTS makes local iterations faster.
const EVENTS = Number(process.env.SLUICE_NEXMARK_EVENTS ?? 1_000_000)
const SEED = 42
// q7-interval-join is q7 as the plain interval join; both must give q7's results
const QUERIES = [
  ['q0', 'q0'], ['q1', 'q1'], ['q2', 'q2'], ['q3', 'q3'], ['q4', 'q4'], ['q5', 'q5'], ['q7', 'q7'], ['q7-interval-join', 'q7'], ['q8', 'q8'],
] as const

function readJsonLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8')
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** q4 is an upsert stream: what counts is the last row per category. */
function materializeUpserts(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const latest = new Map<unknown, Record<string, unknown>>()
  for (const row of rows) latest.set(row.category, row)
  return [...latest.values()]
}

describe(`Nexmark queries over ${EVENTS} events (seed ${SEED})`, { timeout: 30 * 60_000 }, () => {
  let dir: string
  let events: NexmarkEvent[]

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-nexmark-'))
    const eventsFile = join(dir, 'events.jsonl')
    const generated = await runCli(['run', 'examples/nexmark/generate.ts', '-p', '2', '--', '--events', String(EVENTS), '--seed', String(SEED), '--out', eventsFile], 10 * 60_000)
    assert.equal(generated.exitCode, 0, generated.stderr)
    events = readJsonLines(eventsFile) as unknown as NexmarkEvent[]
    // the generator's output is itself checked: every event exactly once whatever the parallelism
    assert.equal(events.length, EVENTS)
    events.sort((a, b) => (a.bid ?? a.auction ?? a.person)!.dateTime - (b.bid ?? b.auction ?? b.person)!.dateTime)
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const [query, reference] of QUERIES) {
    it(`${query} gives the same results at parallelism 1 and 2 (also in one worker) as a straightforward computation`, async () => {
      const expected = canonicalMultiset(referenceQuery(reference, events) as Record<string, unknown>[])
      assert.ok(expected.length > 0, `the reference ${query} is empty: the test would prove nothing`)
      // the last run puts both subtasks of every vertex in one worker: they must not share function objects
      const runs = [
        { name: '-p 1', options: ['-p', '1'] },
        { name: '-p 2', options: ['-p', '2'] },
        { name: '-p 2 in one worker', options: ['-p', '2', '-D', 'taskmanager.numberOfTaskSlots=2'] },
      ]
      for (const [index, { name, options }] of runs.entries()) {
        const out = join(dir, `${query}-run${index}.jsonl`)
        const run = await runCli(['run', `examples/nexmark/${query}.ts`, ...options, '--', '--events', String(EVENTS), '--seed', String(SEED), '--out', out], 10 * 60_000)
        assert.equal(run.exitCode, 0, run.stderr)
        let rows = readJsonLines(out)
        if (query === 'q4') rows = materializeUpserts(rows)
        const actual = canonicalMultiset(rows)
        assert.equal(actual.length, expected.length, `${query} at ${name}: ${actual.length} rows, expected ${expected.length}`)
        assert.deepEqual(actual, expected, `${query} at ${name} differs from the reference`)
      }
    })
  }
})
