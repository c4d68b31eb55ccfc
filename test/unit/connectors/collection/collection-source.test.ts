import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CollectionSource } from '../../../../src/connectors/collection/collection-source.js'
import { assignedReader, collecting, drain, resumedReader } from '../../../support/source-reader-output.js'


describe('CollectionSource', () => {
  it('is bounded and emits the collection in order at parallelism 1', () => {
    const source = new CollectionSource(['a', 'b', 'c'])
    assert.equal(source.boundedness, 'BOUNDED')
    assert.deepEqual(drain(assignedReader(source, { subtaskIndex: 0, parallelism: 1 })), ['a', 'b', 'c'])
  })

  for (const parallelism of [1, 2, 3]) {
    it(`emits every element exactly once over ${parallelism} subtask(s), element i from subtask i % ${parallelism}`, () => {
      const values = Array.from({ length: 10 }, (_, i) => i)
      const source = new CollectionSource(values)
      const emitted: number[] = []
      for (let subtaskIndex = 0; subtaskIndex < parallelism; subtaskIndex++) {
        const own = drain(assignedReader(source, { subtaskIndex, parallelism }), 2)
        assert.ok(own.every((v) => v % parallelism === subtaskIndex))
        emitted.push(...own)
      }
      assert.deepEqual(emitted.sort((a, b) => a - b), values)
    })
  }

  it('emits at most maxRecords per poll and says MORE_AVAILABLE until the last one', () => {
    const reader = assignedReader(new CollectionSource([1, 2, 3]), { subtaskIndex: 0, parallelism: 1 })
    const output = collecting<number>()
    assert.equal(reader.pollNext(output, 2), 'MORE_AVAILABLE')
    assert.deepEqual(output.values, [1, 2])
    assert.equal(reader.pollNext(output, 2), 'END_OF_INPUT')
    assert.deepEqual(output.values, [1, 2, 3])
  })

  it('ends at once for an empty collection and for a subtask beyond its length', () => {
    assert.equal(assignedReader(new CollectionSource([]), { subtaskIndex: 0, parallelism: 1 }).pollNext(collecting(), 10), 'END_OF_INPUT')
    const output = collecting<string>()
    assert.equal(assignedReader(new CollectionSource(['x']), { subtaskIndex: 1, parallelism: 2 }).pollNext(output, 10), 'END_OF_INPUT')
    assert.deepEqual(output.values, [])
  })

  it('resumes at another parallelism, a subtask with several former subtasks\' splits emitting them in index order', () => {
    const values = Array.from({ length: 50 }, (_, i) => i)
    const source = new CollectionSource(values)
    const before = [0, 1, 2].map((subtaskIndex) => assignedReader(source, { subtaskIndex, parallelism: 3 }))
    const emitted = before.flatMap((reader, i) => {
      const output = collecting<number>()
      reader.pollNext(output, 3 + 4 * i)
      return output.values
    })
    const resumed = drain(resumedReader(source, before.flatMap((reader) => reader.snapshotState())))
    assert.deepEqual(resumed, [...resumed].sort((a, b) => a - b), 'one reader emits in index order')
    assert.deepEqual([...emitted, ...resumed].sort((a, b) => a - b), values)
  })

  it('resumes from a snapshot without repeating or skipping elements', () => {
    const values = Array.from({ length: 9 }, (_, i) => i)
    const source = new CollectionSource(values)
    const context = { subtaskIndex: 1, parallelism: 2 }
    const first = assignedReader(source, context)
    const before = collecting<number>()
    first.pollNext(before, 2)
    assert.deepEqual(before.values, [1, 3])
    assert.deepEqual(drain(resumedReader(source, first.snapshotState())), [5, 7])
  })
})
