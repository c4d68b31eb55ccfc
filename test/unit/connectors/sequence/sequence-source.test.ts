import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type SequenceElement, SequenceSource } from '../../../../src/connectors/sequence/sequence-source.js'
import { SluiceError } from '../../../../src/errors.js'
import { ManualClock } from '../../../support/manual-clock.js'
import { assignedReader, collecting, drain, resumedReader } from '../../../support/source-reader-output.js'

const element = (key: number, seq: number): SequenceElement => ({ key: `k${key}`, seq })

describe('SequenceSource', () => {
  it('emits seq 1…perKey of every key, round robin over the keys', () => {
    const source = new SequenceSource({ keys: 3, perKey: 2 })
    assert.equal(source.boundedness, 'BOUNDED')
    assert.deepEqual(drain(assignedReader(source, { subtaskIndex: 0, parallelism: 1 })),
      [element(0, 1), element(1, 1), element(2, 1), element(0, 2), element(1, 2), element(2, 2)])
  })

  for (const parallelism of [1, 2, 3]) {
    it(`splits the keys over ${parallelism} subtask(s), key i in subtask i % ${parallelism}, each key in order`, () => {
      const keys = 5
      const perKey = 4
      const source = new SequenceSource({ keys, perKey })
      const seqsByKey = new Map<string, number[]>()
      for (let subtaskIndex = 0; subtaskIndex < parallelism; subtaskIndex++) {
        for (const { key, seq } of drain(assignedReader(source, { subtaskIndex, parallelism }), 3)) {
          assert.equal(Number(key.slice(1)) % parallelism, subtaskIndex, `${key} in subtask ${subtaskIndex}`)
          seqsByKey.set(key, [...(seqsByKey.get(key) ?? []), seq])
        }
      }
      assert.deepEqual([...seqsByKey.keys()].sort(), ['k0', 'k1', 'k2', 'k3', 'k4'])
      for (const seqs of seqsByKey.values()) assert.deepEqual(seqs, [1, 2, 3, 4])
    })
  }

  it('ends at once in a subtask without keys, and when perKey is 0', () => {
    assert.deepEqual(drain(assignedReader(new SequenceSource({ keys: 2, perKey: 3 }), { subtaskIndex: 2, parallelism: 3 })), [])
    assert.deepEqual(drain(assignedReader(new SequenceSource({ keys: 2, perKey: 0 }), { subtaskIndex: 0, parallelism: 1 })), [])
  })

  it('resumes right after the last emitted element from a snapshot taken at any position', () => {
    const source = new SequenceSource({ keys: 5, perKey: 3 })
    const context = { subtaskIndex: 1, parallelism: 2 }
    const all = drain(assignedReader(source, context))
    assert.equal(all.length, 2 * 3)
    for (let position = 0; position <= all.length; position++) {
      const reader = assignedReader(source, context)
      const before = collecting<SequenceElement>()
      while (before.values.length < position) reader.pollNext(before, 1)
      const resumed = drain(resumedReader(source, reader.snapshotState()))
      assert.deepEqual([...before.values, ...resumed], all, `snapshot after ${position} element(s)`)
    }
  })

  it('resumes at another parallelism from every former subtask\'s keys, each key in order without gap or repeat', () => {
    const source = new SequenceSource({ keys: 7, perKey: 20 })
    const before = [0, 1].map((subtaskIndex) => assignedReader(source, { subtaskIndex, parallelism: 2 }))
    const emitted = before.flatMap((reader, i) => {
      const output = collecting<SequenceElement>()
      reader.pollNext(output, 9 + 20 * i)
      return output.values
    })
    const splits = before.flatMap((reader) => reader.snapshotState())
    for (let subtaskIndex = 0; subtaskIndex < 3; subtaskIndex++) {
      emitted.push(...drain(resumedReader(source, splits.filter((split) => split.keyIndex % 3 === subtaskIndex), { subtaskIndex, parallelism: 3 })))
    }
    for (let key = 0; key < 7; key++) {
      assert.deepEqual(emitted.filter((e) => e.key === `k${key}`).map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1), `k${key}`)
    }
  })

  it('limits each subtask to its share of the total rate', () => {
    const clock = new ManualClock(0)
    const reader = assignedReader(new SequenceSource({ keys: 4, perKey: 1000, rate: 200, clock }), { subtaskIndex: 0, parallelism: 2 })
    const output = collecting<SequenceElement>()
    assert.equal(reader.pollNext(output, 1000), 'NOTHING_AVAILABLE')
    assert.equal(output.values.length, 1)
    // 100 elements per second for this subtask: the next one is due in 10 ms
    assert.equal(reader.waitMs?.(), 10)
    clock.advance(50)
    assert.equal(reader.pollNext(output, 1000), 'NOTHING_AVAILABLE')
    assert.deepEqual(output.values, [element(0, 1), element(2, 1), element(0, 2), element(2, 2), element(0, 3), element(2, 3)])
  })

  it('refuses keys, perKey and rate out of range', () => {
    const isArgumentError = (e: unknown): boolean => e instanceof SluiceError && e.code === 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT'
    for (const keys of [0, -1, 1.5, Number.NaN]) assert.throws(() => new SequenceSource({ keys, perKey: 1 }), isArgumentError)
    for (const perKey of [-1, 2.5, Number.POSITIVE_INFINITY]) assert.throws(() => new SequenceSource({ keys: 1, perKey }), isArgumentError)
    for (const rate of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => new SequenceSource({ keys: 1, perKey: 1, rate }), isArgumentError)
  })
})
