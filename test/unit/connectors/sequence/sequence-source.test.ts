import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { type SequenceElement, SequenceSource } from '../../../../src/connectors/sequence/sequence-source.js'
import { SluiceError } from '../../../../src/errors.js'
import { ManualClock } from '../../../support/manual-clock.js'
import { collecting, drain } from '../../../support/source-reader-output.js'

const element = (key: number, seq: number): SequenceElement => ({ key: `k${key}`, seq })

describe('SequenceSource', () => {
  it('emits seq 1…perKey of every key, round robin over the keys', () => {
    const source = new SequenceSource({ keys: 3, perKey: 2 })
    assert.equal(source.boundedness, 'BOUNDED')
    assert.deepEqual(drain(source.createReader({ subtaskIndex: 0, parallelism: 1 })),
      [element(0, 1), element(1, 1), element(2, 1), element(0, 2), element(1, 2), element(2, 2)])
  })

  for (const parallelism of [1, 2, 3]) {
    it(`splits the keys over ${parallelism} subtask(s), key i in subtask i % ${parallelism}, each key in order`, () => {
      const keys = 5
      const perKey = 4
      const source = new SequenceSource({ keys, perKey })
      const seqsByKey = new Map<string, number[]>()
      for (let subtaskIndex = 0; subtaskIndex < parallelism; subtaskIndex++) {
        for (const { key, seq } of drain(source.createReader({ subtaskIndex, parallelism }), 3)) {
          assert.equal(Number(key.slice(1)) % parallelism, subtaskIndex, `${key} in subtask ${subtaskIndex}`)
          seqsByKey.set(key, [...(seqsByKey.get(key) ?? []), seq])
        }
      }
      assert.deepEqual([...seqsByKey.keys()].sort(), ['k0', 'k1', 'k2', 'k3', 'k4'])
      for (const seqs of seqsByKey.values()) assert.deepEqual(seqs, [1, 2, 3, 4])
    })
  }

  it('ends at once in a subtask without keys, and when perKey is 0', () => {
    assert.deepEqual(drain(new SequenceSource({ keys: 2, perKey: 3 }).createReader({ subtaskIndex: 2, parallelism: 3 })), [])
    assert.deepEqual(drain(new SequenceSource({ keys: 2, perKey: 0 }).createReader({ subtaskIndex: 0, parallelism: 1 })), [])
  })

  it('resumes right after the last emitted element from a snapshot taken at any position', () => {
    const source = new SequenceSource({ keys: 5, perKey: 3 })
    const context = { subtaskIndex: 1, parallelism: 2 }
    const all = drain(source.createReader(context))
    assert.equal(all.length, 2 * 3)
    for (let position = 0; position <= all.length; position++) {
      const reader = source.createReader(context)
      const before = collecting<SequenceElement>()
      while (before.values.length < position) reader.pollNext(before, 1)
      const resumed = drain(source.createReader(context, reader.snapshotState?.()))
      assert.deepEqual([...before.values, ...resumed], all, `snapshot after ${position} element(s)`)
    }
  })

  it('refuses to resume from the state of another subtask or parallelism', () => {
    const source = new SequenceSource({ keys: 4, perKey: 2 })
    const state = source.createReader({ subtaskIndex: 1, parallelism: 2 }).snapshotState?.()
    assert.throws(() => source.createReader({ subtaskIndex: 1, parallelism: 3 }, state), /restore at the parallelism of the checkpoint/)
    assert.throws(() => source.createReader({ subtaskIndex: 0, parallelism: 2 }, state), /cannot resume subtask 0 of 2/)
  })

  it('limits each subtask to its share of the total rate', () => {
    const clock = new ManualClock(0)
    const reader = new SequenceSource({ keys: 4, perKey: 1000, rate: 200, clock }).createReader({ subtaskIndex: 0, parallelism: 2 })
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
