import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { isTwoPhaseCommittingSink } from '../../../../src/api/sink.js'
import { JsonLinesFileSink } from '../../../../src/connectors/file/json-lines-file-sink.js'
import { TransactionalFileSink } from '../../../../src/connectors/transactional-file/transactional-file-sink.js'
import { SluiceError } from '../../../../src/errors.js'

const subtaskZero = { subtaskIndex: 0, parallelism: 1 }

/** Part ids a, b, c, … so file names are predictable. */
function namedParts(): () => string {
  let next = 0
  return () => String.fromCharCode(97 + next++)
}

describe('TransactionalFileSink', () => {
  let root: string
  let count = 0
  const freshDir = (): string => join(root, `out-${count++}`)
  const visible = (dir: string): string[] => readdirSync(dir).filter((name) => !name.startsWith('.')).sort()
  const hidden = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.')).sort()
  const lines = (path: string): unknown[] => readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line))

  before(() => { root = mkdtempSync(join(tmpdir(), 'sluice-transactional-file-sink-')) })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  it('is a two-phase-committing sink; a plain sink is not', () => {
    assert.equal(isTwoPhaseCommittingSink(new TransactionalFileSink(freshDir())), true)
    assert.equal(isTwoPhaseCommittingSink(new JsonLinesFileSink(join(root, 'plain.jsonl'))), false)
  })

  it('keeps written and pre-committed records hidden until their committable is committed', () => {
    const dir = freshDir()
    const sink = new TransactionalFileSink<{ n: number }>(dir, { createPartId: namedParts() })
    const writer = sink.createWriter(subtaskZero)
    writer.write({ n: 1 }, undefined)
    writer.write({ n: 2 }, undefined)
    writer.flush(false)
    assert.deepEqual(visible(dir), [])
    const committables = writer.prepareCommit()
    assert.deepEqual(committables, [{ pendingPath: join(dir, '.part-0-a-0.inprogress'), finalPath: join(dir, 'part-0-0.jsonl') }])
    assert.deepEqual(JSON.parse(JSON.stringify(committables)), committables, 'committables survive JSON')
    assert.deepEqual(visible(dir), [])
    assert.deepEqual(lines(committables[0]!.pendingPath), [{ n: 1 }, { n: 2 }])

    sink.createCommitter().commit(committables)
    assert.deepEqual(visible(dir), ['part-0-0.jsonl'])
    assert.deepEqual(hidden(dir), [])
    assert.deepEqual(lines(join(dir, 'part-0-0.jsonl')), [{ n: 1 }, { n: 2 }])
    writer.close()
  })

  it('starts a new part file after every prepareCommit, and hands over nothing when nothing was written', () => {
    const dir = freshDir()
    const sink = new TransactionalFileSink<number>(dir, { createPartId: namedParts() })
    const writer = sink.createWriter(subtaskZero)
    assert.deepEqual(writer.prepareCommit(), [])
    writer.write(1, undefined)
    const first = writer.prepareCommit()
    writer.write(2, undefined)
    writer.write(3, undefined)
    const second = writer.prepareCommit()
    assert.deepEqual(writer.prepareCommit(), [])
    assert.deepEqual([...first, ...second].map((c) => basename(c.finalPath)), ['part-0-0.jsonl', 'part-0-1.jsonl'])
    sink.createCommitter().commit([...first, ...second])
    assert.deepEqual(lines(join(dir, 'part-0-0.jsonl')), [1])
    assert.deepEqual(lines(join(dir, 'part-0-1.jsonl')), [2, 3])
    assert.deepEqual(hidden(dir), [])
  })

  it('commits idempotently: a committed or vanished committable is a no-op', () => {
    const dir = freshDir()
    const sink = new TransactionalFileSink<string>(dir)
    const writer = sink.createWriter(subtaskZero)
    writer.write('once', undefined)
    const committables = writer.prepareCommit()
    const committer = sink.createCommitter()
    committer.commit(committables)
    committer.commit(committables)
    sink.createCommitter().commit(committables)
    assert.deepEqual(lines(committables[0]!.finalPath), ['once'])
    rmSync(committables[0]!.finalPath)
    committer.commit(committables)
    assert.deepEqual(readdirSync(dir), [])
  })

  it('refuses to commit over a committed file of the same name instead of overwriting it', () => {
    const dir = freshDir()
    const sink = new TransactionalFileSink<string>(dir)
    const writer = sink.createWriter(subtaskZero)
    writer.write('new', undefined)
    const [committable] = writer.prepareCommit()
    writeFileSync(committable!.finalPath, '"old"\n')
    assert.throws(() => sink.createCommitter().commit([committable!]),
      (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_CONNECTOR_FILE_IO')
    assert.deepEqual(lines(committable!.finalPath), ['old'])
  })

  it('deletes on close the part file no prepareCommit handed over', () => {
    const dir = freshDir()
    const writer = new TransactionalFileSink<number>(dir).createWriter(subtaskZero)
    writer.write(1, undefined)
    const [committable] = writer.prepareCommit()
    writer.write(2, undefined)
    writer.flush(false)
    assert.equal(hidden(dir).length, 2)
    writer.close()
    writer.close()
    assert.deepEqual(hidden(dir), [basename(committable!.pendingPath)])
  })

  it('aborts the hidden leftovers of its subtask but keeps the restored committables and other subtasks\' files', () => {
    const dir = freshDir()
    const crashed = new TransactionalFileSink<number>(dir)
    const own = crashed.createWriter(subtaskZero)
    const other = crashed.createWriter({ subtaskIndex: 1, parallelism: 2 })
    own.write(1, undefined)
    const restored = own.prepareCommit()
    own.write(2, undefined)
    const neverCheckpointed = own.prepareCommit()
    own.write(3, undefined)
    own.flush(false)
    other.write(4, undefined)
    other.flush(false)
    const otherSubtasksFiles = hidden(dir).filter((name) => name.startsWith('.part-1-'))
    assert.equal(otherSubtasksFiles.length, 1)
    // no close: the attempt died; the new attempt's sink instance knows none of these files
    const restarted = new TransactionalFileSink<number>(dir)
    restarted.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 2, restoredCommittables: restored })
    assert.deepEqual(hidden(dir), [basename(restored[0]!.pendingPath), ...otherSubtasksFiles])
    assert.equal(existsSync(neverCheckpointed[0]!.pendingPath), false)
  })

  it('aborts the leftovers of subtasks a run at a higher parallelism had, in the subtask they map to', () => {
    const dir = freshDir()
    const before = new TransactionalFileSink<number>(dir)
    for (const subtaskIndex of [0, 1, 2, 3]) {
      const writer = before.createWriter({ subtaskIndex, parallelism: 4 })
      writer.write(subtaskIndex, undefined)
      writer.flush(false)
    }
    new TransactionalFileSink<number>(dir).createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 2, restoredCommittables: [] })
    assert.deepEqual(hidden(dir).map((name) => name.slice(0, 8)), ['.part-1-', '.part-3-'])
  })

  it('never aborts a file a writer of the same sink instance has open', () => {
    const dir = freshDir()
    const sink = new TransactionalFileSink<number>(dir)
    const writer = sink.createWriter(subtaskZero)
    writer.write(1, undefined)
    writer.flush(false)
    sink.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: [] })
    const committables = writer.prepareCommit()
    sink.createCommitter().commit(committables)
    assert.deepEqual(lines(committables[0]!.finalPath), [1])
  })

  for (const isLastCheckpointNotified of [true, false]) {
    it(`gives a restarted attempt new names that collide with no committed file (last checkpoint ${isLastCheckpointNotified ? '' : 'not '}notified)`, () => {
      const dir = freshDir()
      // attempt 0: checkpoint 1 completes and is committed; checkpoint 2 completes too; then records, and a crash
      const first = new TransactionalFileSink<string>(dir)
      const writer = first.createWriter(subtaskZero)
      writer.write('a', undefined)
      const checkpoint1 = writer.prepareCommit()
      first.createCommitter().commit(checkpoint1)
      writer.write('b', undefined)
      const checkpoint2 = writer.prepareCommit()
      if (isLastCheckpointNotified) first.createCommitter().commit(checkpoint2)
      writer.write('lost', undefined)
      writer.flush(false)
      // attempt 1 restores checkpoint 2: re-commit, abort, new writer
      const second = new TransactionalFileSink<string>(dir)
      const committer = second.createCommitter()
      committer.commit(checkpoint2)
      committer.abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: checkpoint2 })
      const restarted = second.createWriter(subtaskZero)
      restarted.write('c', undefined)
      committer.commit(restarted.prepareCommit())
      restarted.close()

      assert.deepEqual(visible(dir), ['part-0-0.jsonl', 'part-0-1.jsonl', 'part-0-2.jsonl'])
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a', 'b', 'c'])
      assert.deepEqual(hidden(dir), [])
    })
  }

  it('continues the sequence past hidden files it finds, so two live attempts cannot pick the same name', () => {
    const dir = freshDir()
    const zombie = new TransactionalFileSink<number>(dir).createWriter(subtaskZero)
    zombie.write(1, undefined)
    zombie.flush(false)
    const writer = new TransactionalFileSink<number>(dir).createWriter(subtaskZero)
    writer.write(2, undefined)
    assert.deepEqual(writer.prepareCommit().map((c) => basename(c.finalPath)), ['part-0-1.jsonl'])
  })

  it('never commits by itself, not even at end of input: the runtime commits after a checkpoint', () => {
    const dir = freshDir()
    const writer = new TransactionalFileSink<number>(dir).createWriter({ subtaskIndex: 2, parallelism: 3 })
    for (let n = 0; n < 50_000; n++) writer.write(n, undefined)
    writer.flush(true)
    assert.deepEqual(visible(dir), [])
    const committables = writer.prepareCommit()
    assert.equal(committables.length, 1)
    writer.close()
    new TransactionalFileSink<number>(dir).createCommitter().commit(committables)
    assert.deepEqual(visible(dir), ['part-2-0.jsonl'])
    assert.equal(lines(join(dir, 'part-2-0.jsonl')).length, 50_000)
  })

  it('refuses an empty directory and a part id that would not parse back', () => {
    assert.throws(() => new TransactionalFileSink(''), (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT')
    assert.throws(() => new TransactionalFileSink(freshDir(), { createPartId: () => 'a-b' }).createWriter(subtaskZero),
      /createPartId must return letters and digits only/)
  })
})
