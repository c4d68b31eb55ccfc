import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { durationType, formatDuration, parseDuration } from '../../../src/config/duration-type.js'

function ms(text: string): number {
  const result = parseDuration(text)
  assert.ok(result.ok, `'${text}' should parse: ${result.ok ? '' : result.expected}`)
  return result.value
}

function problem(text: string): string {
  const result = parseDuration(text)
  assert.ok(!result.ok, `'${text}' should not parse`)
  return result.expected
}

describe('parseDuration', () => {
  it('reads a bare number as milliseconds', () => {
    assert.equal(ms('200'), 200)
    assert.equal(ms('0'), 0)
  })

  it('reads Flink time units with or without a space', () => {
    assert.equal(ms('200 ms'), 200)
    assert.equal(ms('200ms'), 200)
    assert.equal(ms('10 s'), 10_000)
    assert.equal(ms('1 min'), 60_000)
    assert.equal(ms('1min'), 60_000)
    assert.equal(ms('2 h'), 7_200_000)
    assert.equal(ms('1 d'), 86_400_000)
  })

  it('reads the long and plural labels case-insensitively and ignores surrounding blanks', () => {
    assert.equal(ms('3 seconds'), 3000)
    assert.equal(ms('1 SEC'), 1000)
    assert.equal(ms('5 Minutes'), 300_000)
    assert.equal(ms('2 days'), 172_800_000)
    assert.equal(ms('  7 milliseconds  '), 7)
  })

  it('reads sub-millisecond units as fractional milliseconds', () => {
    assert.equal(ms('1500 µs'), 1.5)
    assert.equal(ms('500000 ns'), 0.5)
  })

  it('rejects an empty value', () => {
    assert.match(problem('  '), /the value is empty/)
  })

  it('rejects an unknown unit and names it', () => {
    assert.match(problem('10 sekunden'), /'sekunden' is not a time unit/)
  })

  it('rejects a value that does not start with a number', () => {
    assert.match(problem('ten seconds'), /'ten seconds' does not start with a whole number/)
  })

  it('rejects negative durations and fractions, saying how to write them instead', () => {
    assert.match(problem('-1 s'), /cannot be negative/)
    assert.match(problem('1.5 s'), /fractions are not supported; use a smaller unit/)
  })

  it('rejects a value too large to be exact', () => {
    assert.match(problem('9007199254740993'), /too large/)
    assert.match(problem('200000000000 d'), /too large/)
  })

  it('says what a duration looks like in every rejection', () => {
    assert.match(problem('x'), /a duration such as '200 ms', '10 s' or '1 min'/)
  })
})

describe('formatDuration', () => {
  it('uses the largest unit that divides the value exactly, as Flink does', () => {
    assert.equal(formatDuration(0), '0 ms')
    assert.equal(formatDuration(200), '200 ms')
    assert.equal(formatDuration(1500), '1500 ms')
    assert.equal(formatDuration(10_000), '10 s')
    assert.equal(formatDuration(600_000), '10 min')
    assert.equal(formatDuration(3_600_000), '1 h')
    assert.equal(formatDuration(86_400_000), '1 d')
    assert.equal(formatDuration(1.5), '1500 µs')
    assert.equal(formatDuration(0.000001), '1 ns')
  })

  it('writes what parseDuration reads back to the same value', () => {
    for (const value of [0, 1, 200, 1500, 10_000, 90_000, 600_000, 7_200_000, 172_800_000, 0.5]) {
      assert.equal(ms(formatDuration(value)), value)
    }
  })
})

describe('durationType', () => {
  it('rejects values outside its range and states the range', () => {
    const type = durationType({ minMs: 10 })
    assert.deepEqual(type.parse('10 ms'), { ok: true, value: 10 })
    const result = type.parse('5 ms')
    assert.ok(!result.ok)
    assert.match(result.expected, /^a duration of at least 10 ms such as/)
  })

  it('names its range in the docs', () => {
    assert.equal(durationType().docName, 'Duration')
    assert.equal(durationType({ minMs: 10 }).docName, 'Duration (≥ 10 ms)')
  })
})
