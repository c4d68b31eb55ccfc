import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { RollingPolicyOptions } from '../../../../src/connectors/transactional-file/default-rolling-policy.js'
import { TransactionalFileSink } from '../../../../src/connectors/transactional-file/transactional-file-sink.js'
import { ManualClock } from '../../../support/manual-clock.js'

const subtaskZero = { subtaskIndex: 0, parallelism: 1 }
// every record of these tests is a number below 10: two bytes as a JSON line
const LINE_BYTES = 2

describe('TransactionalFileWriter', () => {
  let root: string
  let count = 0
  before(() => { root = mkdtempSync(join(tmpdir(), 'sluice-transactional-file-writer-')) })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  /** A writer of subtask 0 into a fresh directory, with the given rolling policy and a manual clock. */
  function aWriter(rollingPolicy: RollingPolicyOptions) {
    const dir = join(root, `out-${count++}`)
    const clock = new ManualClock(0)
    const sink = new TransactionalFileSink<number>(dir, { rollingPolicy, clock })
    return { dir, clock, sink, writer: sink.createWriter(subtaskZero) }
  }
  const hidden = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.')).sort()
  const lines = (path: string): number[] => readFileSync(path, 'utf8').trimEnd().split('\n').map(Number)
  /** A checkpoint's synchronous part, as the SinkOperator runs it. */
  const checkpoint = (writer: ReturnType<typeof aWriter>['writer']) => {
    writer.flush(false)
    const committables = writer.prepareCommit()
    return { committables, state: writer.snapshotState(0) }
  }

  it('rolls a part file when a record brings it to the maximum size, and hands it over at the next checkpoint', () => {
    const { writer } = aWriter({ maxPartSizeBytes: 3 * LINE_BYTES })
    for (let n = 1; n <= 7; n++) writer.write(n, undefined)
    const { committables, state } = checkpoint(writer)
    assert.deepEqual(committables.map((c) => lines(c.pendingPath)), [[1, 2, 3], [4, 5, 6]])
    assert.deepEqual(committables.map((c) => c.lengthBytes), [6, 6])
    assert.deepEqual(state.map((s) => lines(s.pendingPath)), [[7]], 'the third part file stays open')
    writer.close()
  })

  it('keeps a part file open across checkpoints until it is as old as the rollover interval', () => {
    const { writer, clock } = aWriter({ rolloverIntervalMs: 1_000, inactivityIntervalMs: 60_000 })
    const seen: number[][] = []
    for (let n = 1; n <= 6; n++) {
      writer.write(n, undefined)
      clock.advance(250)
      const { committables } = checkpoint(writer)
      seen.push(...committables.map((c) => lines(c.pendingPath)))
    }
    assert.deepEqual(seen, [[1, 2, 3, 4]], 'rolled at the fourth checkpoint, 1000 ms after its first record')
    writer.close()
  })

  it('rolls a part file at the first checkpoint after it went without records for the inactivity interval', () => {
    const { writer, clock } = aWriter({ rolloverIntervalMs: 60_000, inactivityIntervalMs: 500 })
    writer.write(1, undefined)
    clock.advance(400)
    writer.write(2, undefined)
    clock.advance(400)
    assert.deepEqual(checkpoint(writer).committables, [], '400 ms since the last record')
    clock.advance(100)
    assert.deepEqual(checkpoint(writer).committables.map((c) => lines(c.pendingPath)), [[1, 2]])
    assert.deepEqual(checkpoint(writer).state, [], 'no part file is open until the next record')
  })

  it('checks age and inactivity only at checkpoints, never on a record: files are cut where commits happen', () => {
    const { writer, clock } = aWriter({ rolloverIntervalMs: 100, inactivityIntervalMs: 100 })
    for (let n = 1; n <= 5; n++) {
      writer.write(n, undefined)
      clock.advance(1_000)
    }
    assert.deepEqual(checkpoint(writer).committables.map((c) => lines(c.pendingPath)), [[1, 2, 3, 4, 5]])
  })

  it('rolls the open part file at end of input, whatever its age, for the final checkpoint to commit', () => {
    const { writer } = aWriter({})
    writer.write(1, undefined)
    assert.deepEqual(checkpoint(writer).committables, [])
    writer.write(2, undefined)
    writer.flush(true)
    const { committables, state } = checkpoint(writer)
    assert.deepEqual(committables.map((c) => lines(c.pendingPath)), [[1, 2]])
    assert.deepEqual(state, [])
  })

  it('records the open part file at its durable length; later records grow the file past it', () => {
    const { writer } = aWriter({})
    writer.write(1, undefined)
    writer.write(2, undefined)
    const [recorded] = checkpoint(writer).state
    assert.match(basename(recorded!.pendingPath), /^\.part-0-\w+-0\.inprogress$/)
    assert.equal(basename(recorded!.finalPath), 'part-0-0.jsonl')
    assert.equal(recorded!.lengthBytes, 2 * LINE_BYTES)
    assert.equal(statSync(recorded!.pendingPath).size, recorded!.lengthBytes)
    assert.deepEqual(JSON.parse(JSON.stringify(recorded)), recorded, 'the state survives JSON')
    writer.write(3, undefined)
    const [next] = checkpoint(writer).state
    assert.equal(next!.pendingPath, recorded!.pendingPath, 'the same part file, still open')
    assert.equal(next!.lengthBytes, 3 * LINE_BYTES)
    assert.deepEqual(lines(recorded!.pendingPath), [1, 2, 3])
  })

  it('counts bytes, not characters, towards the size limit and the recorded length', () => {
    const dir = join(root, `out-${count++}`)
    const writer = new TransactionalFileSink<string>(dir, { rollingPolicy: { maxPartSizeBytes: 8 } }).createWriter(subtaskZero)
    // "€€" and a newline: 5 characters, 9 bytes of UTF-8
    writer.write('€€', undefined)
    writer.write('ab', undefined)
    writer.flush(false)
    assert.deepEqual(writer.prepareCommit().map((c) => c.lengthBytes), [Buffer.byteLength('"€€"\n')])
    const [recorded] = writer.snapshotState(1)
    assert.equal(recorded!.lengthBytes, Buffer.byteLength('"ab"\n'))
    assert.equal(statSync(recorded!.pendingPath).size, recorded!.lengthBytes)
    writer.close()
  })

  it('deletes on close the part files no snapshot recorded, and keeps the recorded ones for a restore', () => {
    const { dir, writer } = aWriter({ maxPartSizeBytes: 2 * LINE_BYTES })
    writer.write(1, undefined)
    const [recordedOpen] = checkpoint(writer).state
    writer.write(2, undefined)
    // rolled by size after the checkpoint recorded it, not handed over yet: a restore from that checkpoint needs it
    writer.write(3, undefined)
    writer.write(4, undefined)
    // rolled by size, never recorded, never handed over
    writer.write(5, undefined)
    // open, never recorded
    assert.equal(hidden(dir).length, 3)
    writer.close()
    assert.deepEqual(hidden(dir), [basename(recordedOpen!.pendingPath)])
    assert.deepEqual(lines(recordedOpen!.pendingPath), [1, 2])
    writer.close()
    assert.equal(existsSync(recordedOpen!.pendingPath), true)
  })
})
