import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One committed row of examples/exactly-once/sequences.ts. */
export interface SequenceRow {
  readonly key: string
  readonly seq: number
  readonly sum: number
}

/** How committed output can break exactly-once for one key. */
export type SequenceViolationKind = 'gap' | 'repeat' | 'sum-mismatch' | 'missing-tail' | 'unexpected-key' | 'out-of-range'

/** One way the committed output differs from every key's sequence 1…perKey, each once, with its running sum. */
export interface SequenceViolation {
  readonly key: string
  readonly kind: SequenceViolationKind
  readonly message: string
}

/** Every row of the committed (visible) files of a sink directory; hidden (dot-prefixed) files are skipped. */
export function readCommittedSequences(dir: string): SequenceRow[] {
  const rows: SequenceRow[] = []
  for (const fileName of readdirSync(dir).sort()) {
    if (fileName.startsWith('.')) continue
    for (const line of readFileSync(join(dir, fileName), 'utf8').split('\n')) {
      if (line !== '') rows.push(JSON.parse(line) as SequenceRow)
    }
  }
  return rows
}

/** Checks that the rows hold, for keys k0…k(keys-1), every seq 1…perKey once with sum = 1 + … + seq. */
export function checkExactlyOnce(rows: readonly SequenceRow[], keys: number, perKey: number): SequenceViolation[] {
  const violations: SequenceViolation[] = []
  const seqsByKey = new Map<string, number[]>()
  for (let i = 0; i < keys; i++) seqsByKey.set(`k${i}`, [])
  for (const { key, seq, sum } of rows) {
    const seqs = seqsByKey.get(key)
    if (seqs === undefined) {
      violations.push({ key, kind: 'unexpected-key', message: `key ${key} is not one of k0…k${keys - 1}` })
      continue
    }
    if (!(Number.isInteger(seq) && seq >= 1 && seq <= perKey)) {
      violations.push({ key, kind: 'out-of-range', message: `key ${key}: seq ${seq} is outside 1…${perKey}` })
      continue
    }
    seqs.push(seq)
    const expectedSum = (seq * (seq + 1)) / 2
    if (sum !== expectedSum) {
      violations.push({ key, kind: 'sum-mismatch', message: `key ${key}: seq ${seq} has sum ${sum}, expected ${expectedSum}` })
    }
  }
  for (const [key, seqs] of seqsByKey) violations.push(...sequenceViolations(key, seqs.sort((a, b) => a - b), perKey))
  return violations
}

// seqs sorted, each within 1…perKey
function sequenceViolations(key: string, seqs: readonly number[], perKey: number): SequenceViolation[] {
  const violations: SequenceViolation[] = []
  let last = 0
  for (const seq of seqs) {
    if (seq === last) {
      violations.push({ key, kind: 'repeat', message: `key ${key}: seq ${seq} is committed more than once` })
    } else if (seq > last + 1) {
      violations.push({ key, kind: 'gap', message: `key ${key}: ${range(last + 1, seq - 1)} missing before seq ${seq}` })
    }
    last = seq
  }
  if (last < perKey) {
    violations.push({ key, kind: 'missing-tail', message: `key ${key}: ${range(last + 1, perKey)} missing at the end` })
  }
  return violations
}

function range(from: number, to: number): string {
  return from === to ? `seq ${from}` : `seq ${from}…${to}`
}
