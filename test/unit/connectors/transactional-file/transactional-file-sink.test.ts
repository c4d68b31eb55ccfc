import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { isTwoPhaseCommittingSink } from '../../../../src/api/sink.js'
import { JsonLinesFileSink } from '../../../../src/connectors/file/json-lines-file-sink.js'
import {
  TransactionalFileSink, type TransactionalFileSinkOptions, type TransactionalFileSinkWriter,
} from '../../../../src/connectors/transactional-file/transactional-file-sink.js'
import { SluiceError } from '../../../../src/errors.js'
import { ManualClock } from '../../../support/manual-clock.js'

const subtaskZero = { subtaskIndex: 0, parallelism: 1 }

/** A sink whose part files roll at every checkpoint (Flink's OnCheckpointRollingPolicy): one committable per prepareCommit. */
function aSinkRollingAtEveryCheckpoint<T>(dir: string, options: TransactionalFileSinkOptions = {}): TransactionalFileSink<T> {
  return new TransactionalFileSink<T>(dir, { rollingPolicy: { rolloverIntervalMs: 0 }, ...options })
}

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
    const sink = aSinkRollingAtEveryCheckpoint<{ n: number }>(dir, { createPartId: namedParts() })
    const writer = sink.createWriter(subtaskZero)
    writer.write({ n: 1 }, undefined)
    writer.write({ n: 2 }, undefined)
    writer.flush(false)
    assert.deepEqual(visible(dir), [])
    const committables = writer.prepareCommit()
    assert.deepEqual(committables, [{ pendingPath: join(dir, '.part-0-a-0.inprogress'), finalPath: join(dir, 'part-0-0.jsonl'), lengthBytes: 16 }])
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
    const sink = aSinkRollingAtEveryCheckpoint<number>(dir, { createPartId: namedParts() })
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
    const sink = aSinkRollingAtEveryCheckpoint<string>(dir)
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
    const sink = aSinkRollingAtEveryCheckpoint<string>(dir)
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
    const writer = aSinkRollingAtEveryCheckpoint<number>(dir).createWriter(subtaskZero)
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
    const crashed = aSinkRollingAtEveryCheckpoint<number>(dir)
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
    const restarted = aSinkRollingAtEveryCheckpoint<number>(dir)
    restarted.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 2, restoredCommittables: restored })
    assert.deepEqual(hidden(dir), [basename(restored[0]!.pendingPath), ...otherSubtasksFiles])
    assert.equal(existsSync(neverCheckpointed[0]!.pendingPath), false)
  })

  it('aborts the leftovers of subtasks a run at a higher parallelism had, in the subtask they map to', () => {
    const dir = freshDir()
    const before = aSinkRollingAtEveryCheckpoint<number>(dir)
    for (const subtaskIndex of [0, 1, 2, 3]) {
      const writer = before.createWriter({ subtaskIndex, parallelism: 4 })
      writer.write(subtaskIndex, undefined)
      writer.flush(false)
    }
    aSinkRollingAtEveryCheckpoint<number>(dir).createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 2, restoredCommittables: [] })
    assert.deepEqual(hidden(dir).map((name) => name.slice(0, 8)), ['.part-1-', '.part-3-'])
  })

  it('never aborts a file a writer of the same sink instance has open', () => {
    const dir = freshDir()
    const sink = aSinkRollingAtEveryCheckpoint<number>(dir)
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
      const first = aSinkRollingAtEveryCheckpoint<string>(dir)
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
      const second = aSinkRollingAtEveryCheckpoint<string>(dir)
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
    const zombie = aSinkRollingAtEveryCheckpoint<number>(dir).createWriter(subtaskZero)
    zombie.write(1, undefined)
    zombie.flush(false)
    const writer = aSinkRollingAtEveryCheckpoint<number>(dir).createWriter(subtaskZero)
    writer.write(2, undefined)
    assert.deepEqual(writer.prepareCommit().map((c) => basename(c.finalPath)), ['part-0-1.jsonl'])
  })

  it('never commits by itself, not even at end of input: the runtime commits after a checkpoint', () => {
    const dir = freshDir()
    const writer = aSinkRollingAtEveryCheckpoint<number>(dir).createWriter({ subtaskIndex: 2, parallelism: 3 })
    for (let n = 0; n < 50_000; n++) writer.write(n, undefined)
    writer.flush(true)
    assert.deepEqual(visible(dir), [])
    const committables = writer.prepareCommit()
    assert.equal(committables.length, 1)
    writer.close()
    aSinkRollingAtEveryCheckpoint<number>(dir).createCommitter().commit(committables)
    assert.deepEqual(visible(dir), ['part-2-0.jsonl'])
    assert.equal(lines(join(dir, 'part-2-0.jsonl')).length, 50_000)
  })

  it('refuses an empty directory and a part id that would not parse back', () => {
    assert.throws(() => new TransactionalFileSink(''), (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT')
    assert.throws(() => new TransactionalFileSink(freshDir(), { createPartId: () => 'a-b' }).createWriter(subtaskZero),
      /createPartId must return letters and digits only/)
  })
  describe('restoring a part file that was open at the checkpoint', () => {
    /** A checkpoint's synchronous part as the SinkOperator runs it: its committables and writer state. */
    function checkpoint<T>(writer: TransactionalFileSinkWriter<T>) {
      writer.flush(false)
      const committables = writer.prepareCommit()
      return { committables, state: writer.snapshotState(0) }
    }
    // a restart would restore the same snapshot and meet the same files: the job fails at once
    const isMismatch = (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_CONNECTOR_PART_FILE_MISMATCH' && !e.isRecoverable

    it('commits what the checkpoint recorded of it and none of the rows written after, then continues in a new part file', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      writer.write('b', undefined)
      const checkpoint1 = checkpoint(writer)
      assert.deepEqual(checkpoint1.committables, [], 'the part file does not roll: it stays open')
      writer.write('lost-c', undefined)
      writer.write('lost-d', undefined)
      writer.flush(false)
      // the attempt dies (no close); the next one restores checkpoint 1 and replays c and d
      const restarted = new TransactionalFileSink<string>(dir)
      const restored = restarted.restoreWriter(subtaskZero, checkpoint1.state)
      restarted.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: [] })
      assert.deepEqual(visible(dir), ['part-0-0.jsonl'])
      assert.deepEqual(lines(join(dir, 'part-0-0.jsonl')), ['a', 'b'])
      assert.deepEqual(hidden(dir), [])
      restored.write('c', undefined)
      restored.write('d', undefined)
      restored.flush(true)
      restarted.createCommitter().commit(restored.prepareCommit())
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a', 'b', 'c', 'd'])
    })

    it('repeats a restore that was cut off half-way, before or after its copy was committed', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      const { state } = checkpoint(writer)
      writer.write('lost', undefined)
      writer.flush(false)
      const inProgress = state[0]!.pendingPath
      const inProgressBytes = readFileSync(inProgress)
      // cut off while copying: a partial copy is left behind, and the in-progress file is intact
      writeFileSync(join(dir, basename(inProgress).replace('.inprogress', '.recovering')), '"garb')
      new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, state)
      assert.deepEqual(lines(join(dir, 'part-0-0.jsonl')), ['a'])
      // cut off after committing the copy, before deleting the in-progress file
      writeFileSync(inProgress, inProgressBytes)
      const again = new TransactionalFileSink<string>(dir)
      again.restoreWriter(subtaskZero, state)
      again.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: [] })
      assert.deepEqual(visible(dir), ['part-0-0.jsonl'])
      assert.deepEqual(lines(join(dir, 'part-0-0.jsonl')), ['a'])
      assert.deepEqual(hidden(dir), [])
    })

    it('restores a checkpoint older than a savepoint taken after it at the checkpoint\'s length, and then refuses the stale savepoint', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      const checkpoint1 = checkpoint(writer)
      writer.write('b', undefined)
      // a savepoint commits nothing; then a failure, and the restart goes back to checkpoint 1
      const savepoint = checkpoint(writer)
      assert.ok(savepoint.state[0]!.lengthBytes > checkpoint1.state[0]!.lengthBytes)
      writer.write('c', undefined)
      writer.flush(false)
      new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, checkpoint1.state)
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a'])
      // b is replayed after checkpoint 1; resuming from the savepoint now would commit it twice
      assert.throws(() => new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, savepoint.state), isMismatch)
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a'])
    })

    it('keeps the part file a savepoint recorded when the job stops with it, and commits what it covers on resume', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      writer.write('b', undefined)
      const savepoint = checkpoint(writer)
      // records that arrived between the savepoint and the cancellation
      writer.write('after-the-savepoint', undefined)
      writer.flush(false)
      writer.close()
      assert.deepEqual(visible(dir), [], 'a savepoint commits nothing')
      assert.deepEqual(hidden(dir), [basename(savepoint.state[0]!.pendingPath)])
      const resumed = new TransactionalFileSink<string>(dir)
      resumed.restoreWriter(subtaskZero, savepoint.state)
      resumed.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: [] })
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a', 'b'])
      assert.deepEqual(hidden(dir), [])
    })

    it('commits the recorded length of a part file that a later checkpoint, never completed, sealed', () => {
      const dir = freshDir()
      const clock = new ManualClock(0)
      const writer = new TransactionalFileSink<string>(dir, { clock, rollingPolicy: { rolloverIntervalMs: 1_000 } }).createWriter(subtaskZero)
      writer.write('a', undefined)
      const checkpoint1 = checkpoint(writer)
      writer.write('b', undefined)
      clock.advance(1_000)
      const checkpoint2 = checkpoint(writer)
      assert.equal(checkpoint2.committables[0]!.pendingPath, checkpoint1.state[0]!.pendingPath, 'checkpoint 2 sealed the same part file')
      // checkpoint 2 never completes; the restart restores checkpoint 1
      const restarted = new TransactionalFileSink<string>(dir)
      restarted.restoreWriter(subtaskZero, checkpoint1.state)
      restarted.createCommitter().abortUncommitted({ subtaskIndex: 0, parallelism: 1, restoredCommittables: [] })
      assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), ['a'])
      assert.deepEqual(hidden(dir), [])
    })

    for (const [from, to] of [[4, 2], [2, 3]] as const) {
      it(`commits every former subtask's recorded prefix in the subtask its state goes to, restored from parallelism ${from} at ${to}`, () => {
        const dir = freshDir()
        const checkpointed = new TransactionalFileSink<string>(dir)
        const states = Array.from({ length: from }, (_, subtaskIndex) => {
          const writer = checkpointed.createWriter({ subtaskIndex, parallelism: from })
          writer.write(`${subtaskIndex}-kept`, undefined)
          const { state } = checkpoint(writer)
          writer.write(`${subtaskIndex}-lost`, undefined)
          writer.flush(false)
          return state
        })
        const restored = new TransactionalFileSink<string>(dir)
        for (let subtaskIndex = 0; subtaskIndex < to; subtaskIndex++) {
          // the former subtask j goes to j modulo the new parallelism
          const assigned = states.filter((_, j) => j % to === subtaskIndex).flat()
          restored.restoreWriter({ subtaskIndex, parallelism: to }, assigned)
          restored.createCommitter().abortUncommitted({ subtaskIndex, parallelism: to, restoredCommittables: [] })
        }
        assert.deepEqual(visible(dir), Array.from({ length: from }, (_, j) => `part-${j}-0.jsonl`))
        assert.deepEqual(visible(dir).flatMap((name) => lines(join(dir, name))), Array.from({ length: from }, (_, j) => `${j}-kept`))
        assert.deepEqual(hidden(dir), [])
      })
    }

    it('commits nothing when neither the part file nor its committed file is left (consumed since, as for committables)', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      const { state } = checkpoint(writer)
      new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, state)
      rmSync(join(dir, 'part-0-0.jsonl'))
      new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, state)
      assert.deepEqual(readdirSync(dir), [])
    })

    it('refuses a part file shorter than the restored snapshot recorded: it was changed outside the job', () => {
      const dir = freshDir()
      const writer = new TransactionalFileSink<string>(dir).createWriter(subtaskZero)
      writer.write('a', undefined)
      const { state } = checkpoint(writer)
      truncateSync(state[0]!.pendingPath, 1)
      assert.throws(() => new TransactionalFileSink<string>(dir).restoreWriter(subtaskZero, state), isMismatch)
    })

    it('refuses to commit again a committable whose committed file holds another length than it was sealed at', () => {
      const dir = freshDir()
      const sink = aSinkRollingAtEveryCheckpoint<string>(dir)
      const writer = sink.createWriter(subtaskZero)
      writer.write('a', undefined)
      const { committables } = checkpoint(writer)
      sink.createCommitter().commit(committables)
      writeFileSync(committables[0]!.finalPath, '"a"\n"b"\n')
      assert.throws(() => sink.createCommitter().commit(committables), isMismatch)
    })
  })
})
