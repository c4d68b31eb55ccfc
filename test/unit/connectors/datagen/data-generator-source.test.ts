import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DataGeneratorSource } from '../../../../src/connectors/datagen/data-generator-source.js'
import { SluiceError } from '../../../../src/errors.js'
import { ManualClock } from '../../../support/manual-clock.js'
import { assignedReader, collecting, drain, resumedReader } from '../../../support/source-reader-output.js'


describe('DataGeneratorSource', () => {
  it('generates count records from their index', () => {
    const source = new DataGeneratorSource((i) => `event-${i}`, 3)
    assert.equal(source.boundedness, 'BOUNDED')
    assert.deepEqual(drain(assignedReader(source, { subtaskIndex: 0, parallelism: 1 })), ['event-0', 'event-1', 'event-2'])
  })

  for (const parallelism of [1, 2, 3]) {
    it(`generates each index exactly once over ${parallelism} subtask(s), index i in subtask i % ${parallelism}`, () => {
      const source = new DataGeneratorSource((i) => i, 11)
      const emitted: number[] = []
      for (let subtaskIndex = 0; subtaskIndex < parallelism; subtaskIndex++) {
        const own = drain(assignedReader(source, { subtaskIndex, parallelism }), 3)
        assert.ok(own.every((i) => i % parallelism === subtaskIndex))
        emitted.push(...own)
      }
      assert.deepEqual(emitted.sort((a, b) => a - b), Array.from({ length: 11 }, (_, i) => i))
    })
  }

  it('is unbounded when count is Infinity and keeps saying MORE_AVAILABLE', () => {
    const source = new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY)
    assert.equal(source.boundedness, 'CONTINUOUS_UNBOUNDED')
    const reader = assignedReader(source, { subtaskIndex: 1, parallelism: 2 })
    const output = collecting<number>()
    assert.equal(reader.pollNext(output, 4), 'MORE_AVAILABLE')
    assert.deepEqual(output.values, [1, 3, 5, 7])
  })

  it('ends at once when count is 0', () => {
    const reader = assignedReader(new DataGeneratorSource((i) => i, 0), { subtaskIndex: 0, parallelism: 1 })
    assert.equal(reader.pollNext(collecting(), 10), 'END_OF_INPUT')
  })

  it('resumes from a snapshot without repeating or skipping indices', () => {
    const source = new DataGeneratorSource((i) => i, 10)
    const context = { subtaskIndex: 0, parallelism: 2 }
    const first = assignedReader(source, context)
    first.pollNext(collecting(), 2)
    assert.deepEqual(drain(resumedReader(source, first.snapshotState())), [4, 6, 8])
  })

  it('resumes at another parallelism from the splits of every former subtask, each index once', () => {
    const source = new DataGeneratorSource((i) => i, 500)
    const before = [0, 1].map((subtaskIndex) => assignedReader(source, { subtaskIndex, parallelism: 2 }))
    const emitted = before.flatMap((reader, i) => {
      const output = collecting<number>()
      reader.pollNext(output, i === 0 ? 40 : 170)
      return output.values
    })
    const splits = before.flatMap((reader) => reader.snapshotState())
    for (let subtaskIndex = 0; subtaskIndex < 3; subtaskIndex++) {
      emitted.push(...drain(resumedReader(source, splits.filter((split) => split.residue % 3 === subtaskIndex), { subtaskIndex, parallelism: 3 })))
    }
    assert.deepEqual(emitted.sort((a, b) => a - b), Array.from({ length: 500 }, (_, i) => i))
  })

  it('gives no split to subtasks beyond the count: a source of 2 records at parallelism 4 reads them in subtasks 0 and 1', () => {
    const source = new DataGeneratorSource((i) => i, 2)
    assert.deepEqual([0, 1, 2, 3].map((subtaskIndex) => drain(assignedReader(source, { subtaskIndex, parallelism: 4 }))), [[0], [1], [], []])
  })

  it('refuses a count that is negative, fractional or NaN, and a rate that is not above 0', () => {
    for (const count of [-1, 1.5, Number.NaN]) {
      assert.throws(() => new DataGeneratorSource((i) => i, count),
        (e: unknown) => e instanceof SluiceError && /count must be a whole number/.test(e.message))
    }
    for (const recordsPerSecond of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new DataGeneratorSource((i) => i, 10, { recordsPerSecond }), /recordsPerSecond must be a finite number above 0/)
    }
  })

  it('throttles a reader polled right after creation and says how long to wait', () => {
    const reader = assignedReader(new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY, { recordsPerSecond: 10 }), { subtaskIndex: 0, parallelism: 1 })
    const output = collecting<number>()
    let status = reader.pollNext(output, 10_000)
    if (status === 'MORE_AVAILABLE') status = reader.pollNext(output, 10_000)
    assert.equal(status, 'NOTHING_AVAILABLE')
    assert.ok(output.values.length <= 2, `emitted ${output.values.length} records at once`)
    assert.ok((reader.waitMs?.() ?? 0) > 0)
  })

  it('shares the rate equally between subtasks, one token bucket each', () => {
    const clock = new ManualClock(0)
    const source = new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY, { recordsPerSecond: 200, clock })
    const reader = assignedReader(source, { subtaskIndex: 0, parallelism: 2 })
    const output = collecting<number>()
    assert.equal(reader.pollNext(output, 1000), 'NOTHING_AVAILABLE')
    assert.deepEqual(output.values, [0])
    // 100 records per second for this subtask: the next one is due in 10 ms
    assert.equal(reader.waitMs?.(), 10)
    clock.advance(50)
    assert.equal(reader.pollNext(output, 1000), 'NOTHING_AVAILABLE')
    assert.equal(output.values.length, 1 + 5)
  })

  it('caps the burst a throttled reader may catch up after a long pause', () => {
    const clock = new ManualClock(0)
    const reader = assignedReader(new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY, { recordsPerSecond: 1000, clock }), { subtaskIndex: 0, parallelism: 1 })
    const output = collecting<number>()
    reader.pollNext(output, 1)
    clock.advance(60_000)
    reader.pollNext(output, 1_000_000)
    assert.equal(output.values.length, 1 + 100)
  })

  it('ends a bounded throttled reader once it generated its share', () => {
    const clock = new ManualClock(0)
    const reader = assignedReader(new DataGeneratorSource((i) => i, 3, { recordsPerSecond: 1000, clock }), { subtaskIndex: 0, parallelism: 1 })
    const output = collecting<number>()
    reader.pollNext(output, 10)
    clock.advance(10)
    assert.equal(reader.pollNext(output, 10), 'END_OF_INPUT')
    assert.deepEqual(output.values, [0, 1, 2])
  })
})
