import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IntervalJoinOperator } from '../../../src/operators/interval-join-operator.js'
import { TestingKeyedOperatorHarness } from '../../support/testing-keyed-operator-harness.js'
import { aRandom } from '../../support/seeded-random.js'


/** An element of either side: its key, a unique id, and its timestamp. */
interface Element { readonly key: string; readonly id: number; readonly timestampMs: number }

describe('IntervalJoinOperator against brute force', () => {
  it('emits each matching pair once, and every pair whose later element is ahead of the watermark', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = aRandom(seed)
      const int = (n: number): number => Math.floor(random() * n)
      const lowerBoundMs = int(21) - 10
      const upperBoundMs = lowerBoundMs + int(10)
      const operator = new IntervalJoinOperator<Element, Element, string>(
        'IntervalJoin', (e) => e.key, (e) => e.key, lowerBoundMs, upperBoundMs,
        (left, right, ctx, out) => {
          assert.equal(ctx.timestamp(), Math.max(left.timestampMs, right.timestampMs))
          out.collect(`${left.id}-${right.id}`)
        })
      const harness = new TestingKeyedOperatorHarness<Element, string>(operator).open()
      const accepted: Array<{ isLeft: boolean; element: Element }> = []
      const guaranteed = new Set<string>()
      const valid = new Set<string>()
      let watermarkMs = Number.NEGATIVE_INFINITY
      let expectedDropped = 0
      for (let i = 0; i < 80; i++) {
        if (int(5) === 0) {
          watermarkMs = Math.max(watermarkMs, 0) + int(8)
          harness.processWatermark(watermarkMs)
          continue
        }
        const isLeft = int(2) === 0
        const element: Element = { key: 'ab'[int(2)]!, id: i, timestampMs: Math.max(0, (watermarkMs === -Infinity ? 0 : watermarkMs) - 5 + int(25)) }
        if (isLeft) operator.processElement1(element, element.timestampMs)
        else operator.processElement2(element, element.timestampMs)
        if (element.timestampMs < watermarkMs) {
          expectedDropped++
          continue
        }
        for (const other of accepted) {
          if (other.isLeft === isLeft || other.element.key !== element.key) continue
          const [left, right] = isLeft ? [element, other.element] : [other.element, element]
          const deltaMs = right.timestampMs - left.timestampMs
          if (deltaMs < lowerBoundMs || deltaMs > upperBoundMs) continue
          valid.add(`${left.id}-${right.id}`)
          if (element.timestampMs > watermarkMs) guaranteed.add(`${left.id}-${right.id}`)
        }
        accepted.push({ isLeft, element })
      }
      harness.processWatermark(Number.POSITIVE_INFINITY)
      const emitted = harness.values()
      assert.equal(new Set(emitted).size, emitted.length, `seed ${seed}: a pair was emitted twice`)
      for (const pair of emitted) assert.ok(valid.has(pair), `seed ${seed}: ${pair} does not match`)
      for (const pair of guaranteed) assert.ok(emitted.includes(pair), `seed ${seed}: ${pair} is missing`)
      assert.equal(operator.numLateRecordsDropped, expectedDropped, `seed ${seed}: late records dropped`)
      assert.equal(harness.backend.numEntries(), 0, `seed ${seed}: state left`)
      assert.equal(harness.numTimers(), 0, `seed ${seed}: timers left`)
    }
  })
})
