import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formatMemorySize, memorySizeType, parseMemorySize } from '../../../src/config/memory-size-type.js'

function bytes(text: string): number {
  const result = parseMemorySize(text)
  assert.ok(result.ok, `'${text}' should parse: ${result.ok ? '' : result.expected}`)
  return result.value
}

function problem(text: string): string {
  const result = parseMemorySize(text)
  assert.ok(!result.ok, `'${text}' should not parse`)
  return result.expected
}

describe('parseMemorySize', () => {
  it('reads a bare number as bytes', () => {
    assert.equal(bytes('4096'), 4096)
  })

  it('reads every Flink unit as 1024-based, with or without a space and in any case', () => {
    assert.equal(bytes('100 b'), 100)
    assert.equal(bytes('100 bytes'), 100)
    assert.equal(bytes('32 kb'), 32 * 1024)
    assert.equal(bytes('32kb'), 32 * 1024)
    assert.equal(bytes('32 k'), 32 * 1024)
    assert.equal(bytes('1 kibibytes'), 1024)
    assert.equal(bytes('64 mb'), 64 * 1024 ** 2)
    assert.equal(bytes('64m'), 64 * 1024 ** 2)
    assert.equal(bytes('1g'), 1024 ** 3)
    assert.equal(bytes('1 GB'), 1024 ** 3)
    assert.equal(bytes('2 tb'), 2 * 1024 ** 4)
    assert.equal(bytes('1 t'), 1024 ** 4)
  })

  it('rejects an unknown unit and names it', () => {
    assert.match(problem('32 kib'), /'kib' is not a memory unit/)
  })

  it('rejects empty, negative, fractional and non-numeric values', () => {
    assert.match(problem(''), /the value is empty/)
    assert.match(problem('-1 mb'), /cannot be negative/)
    assert.match(problem('1.5 gb'), /fractions are not supported/)
    assert.match(problem('lots'), /does not start with a whole number/)
  })

  it('rejects a size too large to be exact', () => {
    assert.match(problem('9000 tb'), /too large/)
  })
})

describe('formatMemorySize', () => {
  it('uses the largest unit that divides the value exactly, as Flink does', () => {
    assert.equal(formatMemorySize(0), '0 bytes')
    assert.equal(formatMemorySize(100), '100 bytes')
    assert.equal(formatMemorySize(32 * 1024), '32 kb')
    assert.equal(formatMemorySize(1536), '1536 bytes')
    assert.equal(formatMemorySize(64 * 1024 ** 2), '64 mb')
    assert.equal(formatMemorySize(1024 ** 3), '1 gb')
    assert.equal(formatMemorySize(3 * 1024 ** 4), '3 tb')
  })

  it('writes what parseMemorySize reads back to the same value', () => {
    for (const value of [0, 1, 1536, 4096, 20 * 1024, 32 * 1024 ** 2, 5 * 1024 ** 4]) {
      assert.equal(bytes(formatMemorySize(value)), value)
    }
  })
})

describe('memorySizeType', () => {
  it('rejects values outside its range and states the range', () => {
    const type = memorySizeType({ minBytes: 4096 })
    assert.deepEqual(type.parse('4 kb'), { ok: true, value: 4096 })
    const result = type.parse('2 kb')
    assert.ok(!result.ok)
    assert.match(result.expected, /^a memory size of at least 4 kb such as/)
    assert.equal(type.docName, 'MemorySize (≥ 4 kb)')
  })
})
