import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createStrideSplits, type StrideSplit } from '../../../../src/connectors/split/stride-split.js'
import { StrideSplitQueue } from '../../../../src/connectors/split/stride-split-queue.js'
import { aRandom } from '../../../support/seeded-random.js'

function drainQueue(queue: StrideSplitQueue, limit = Infinity): number[] {
  const out: number[] = []
  while (!queue.isEmpty && out.length < limit) {
    out.push(queue.peek())
    queue.advance()
  }
  return out
}

/** The model: every number of the splits from their positions on, ascending. */
function expectedNumbers(splits: readonly StrideSplit[], end: number): number[] {
  return splits.flatMap((split) => {
    const numbers: number[] = []
    for (let n = split.nextIndex; n < end; n += split.stride) numbers.push(n)
    return numbers
  }).sort((a, b) => a - b)
}

describe('StrideSplitQueue', () => {
  it('reads the numbers of its splits in increasing order, each once', () => {
    const splits = createStrideSplits(100, 8).filter((split) => split.residue % 3 === 1)
    assert.deepEqual(drainQueue(new StrideSplitQueue(splits, 100)), expectedNumbers(splits, 100))
  })

  it('creates no empty split: fewer records than the stride give one split per record', () => {
    assert.deepEqual(createStrideSplits(3, 128).map((split) => split.nextIndex), [0, 1, 2])
    assert.deepEqual(createStrideSplits(0, 128), [])
  })

  it('snapshots positions that resume exactly where it stopped', () => {
    const splits = createStrideSplits(1000, 16)
    const queue = new StrideSplitQueue(splits, 1000)
    const first = drainQueue(queue, 123)
    const resumed = new StrideSplitQueue(queue.snapshot(), 1000)
    assert.deepEqual([...first, ...drainQueue(resumed)], expectedNumbers(splits, 1000))
  })

  it('merges splits at far apart positions (readers restored together) in increasing order, against a model', () => {
    const random = aRandom(7)
    for (let round = 0; round < 200; round++) {
      const stride = 1 + Math.floor(random() * 20)
      const end = Math.floor(random() * 2000)
      const splits = createStrideSplits(end, stride)
        .filter(() => random() < 0.7)
        .map((split) => ({ ...split, nextIndex: split.residue + stride * Math.floor(random() * (end / stride + 2)) }))
      const queue = new StrideSplitQueue(splits, end)
      // stop and resume once on the way, as a checkpoint and restore would
      const first = drainQueue(queue, Math.floor(random() * 50))
      const rest = drainQueue(new StrideSplitQueue(queue.snapshot(), end))
      assert.deepEqual([...first, ...rest], expectedNumbers(splits, end), `round ${round}: stride ${stride}, end ${end}`)
    }
  })

  it('never ends when unbounded', () => {
    const queue = new StrideSplitQueue(createStrideSplits(Number.POSITIVE_INFINITY, 4).slice(1, 3), Number.POSITIVE_INFINITY)
    assert.deepEqual(drainQueue(queue, 6), [1, 2, 5, 6, 9, 10])
    assert.equal(queue.isEmpty, false)
  })
})
