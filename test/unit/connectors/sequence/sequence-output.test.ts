import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkExactlyOnce, readCommittedSequences, type SequenceRow } from '../../../support/sequence-output.js'

/** The rows of a correct run: seq 1…perKey of every key with its running sum. */
function exactRows(keys: number, perKey: number): SequenceRow[] {
  const rows: SequenceRow[] = []
  for (let seq = 1; seq <= perKey; seq++) for (let key = 0; key < keys; key++) rows.push({ key: `k${key}`, seq, sum: (seq * (seq + 1)) / 2 })
  return rows
}

describe('sequence output checks', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-sequence-output-')) })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  it('reads the committed files only, skipping hidden ones', () => {
    writeFileSync(join(dir, 'part-0-0.jsonl'), '{"key":"k0","seq":1,"sum":1}\n')
    writeFileSync(join(dir, 'part-1-0.jsonl'), '{"key":"k1","seq":1,"sum":1}\n{"key":"k1","seq":2,"sum":3}\n')
    writeFileSync(join(dir, '.part-0-ab-1.inprogress'), '{"key":"k0","seq":2,"sum":3}\n')
    assert.deepEqual(readCommittedSequences(dir), [{ key: 'k0', seq: 1, sum: 1 }, { key: 'k1', seq: 1, sum: 1 }, { key: 'k1', seq: 2, sum: 3 }])
  })

  it('finds nothing wrong with every seq once with its running sum, in any order', () => {
    assert.deepEqual(checkExactlyOnce(exactRows(3, 5).reverse(), 3, 5), [])
  })

  it('reports a gap, a repeat, a wrong sum and a missing tail, naming the key', () => {
    const rows = exactRows(3, 5).filter((row) => !(row.key === 'k0' && (row.seq === 2 || row.seq === 3)) && !(row.key === 'k2' && row.seq === 5))
    rows.push({ key: 'k1', seq: 4, sum: 10 })
    rows.push({ key: 'k1', seq: 5, sum: 14 })
    const violations = checkExactlyOnce(rows, 3, 5)
    assert.deepEqual(violations.map(({ key, kind }) => `${key} ${kind}`).sort(), ['k0 gap', 'k1 repeat', 'k1 repeat', 'k1 sum-mismatch', 'k2 missing-tail'])
    assert.ok(violations.some((v) => v.message === 'key k0: seq 2…3 missing before seq 4'))
    assert.ok(violations.some((v) => v.message === 'key k1: seq 5 has sum 14, expected 15'))
    assert.ok(violations.some((v) => v.message === 'key k2: seq 5 missing at the end'))
  })

  it('reports a key with no rows at all, unknown keys and seqs out of range', () => {
    const rows = [...exactRows(2, 2).filter((row) => row.key === 'k0'), { key: 'k9', seq: 1, sum: 1 }, { key: 'k0', seq: 3, sum: 6 }]
    assert.deepEqual(checkExactlyOnce(rows, 2, 2).map(({ key, kind }) => `${key} ${kind}`), ['k9 unexpected-key', 'k0 out-of-range', 'k1 missing-tail'])
  })
})
