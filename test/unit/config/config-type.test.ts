import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { booleanType, enumType, floatType, integerType, stringType } from '../../../src/config/config-type.js'

describe('integerType', () => {
  it('reads whole numbers with an optional sign and surrounding blanks', () => {
    assert.deepEqual(integerType().parse(' 42 '), { ok: true, value: 42 })
    assert.deepEqual(integerType().parse('-7'), { ok: true, value: -7 })
    assert.deepEqual(integerType().parse('+3'), { ok: true, value: 3 })
  })

  it('rejects fractions, words and empty values', () => {
    for (const raw of ['1.5', 'four', '', '1e3', '0x10']) {
      assert.deepEqual(integerType().parse(raw), { ok: false, expected: 'an integer' }, raw)
    }
  })

  it('rejects values outside Java int range, as Flink stores them as Integer', () => {
    assert.equal(integerType().parse('2147483647').ok, true)
    assert.equal(integerType().parse('2147483648').ok, false)
  })

  it('states its range when a value falls outside it', () => {
    assert.deepEqual(integerType({ min: 1 }).parse('0'), { ok: false, expected: 'an integer of at least 1' })
    assert.deepEqual(integerType({ min: 1, max: 32768 }).parse('40000'),
      { ok: false, expected: 'an integer from 1 to 32768' })
    assert.deepEqual(integerType({ max: 5 }).parse('6'), { ok: false, expected: 'an integer of at most 5' })
    assert.equal(integerType({ min: 1, max: 32768 }).docName, 'Integer (1 to 32768)')
  })
})

describe('floatType', () => {
  it('reads decimal and exponent notation', () => {
    assert.deepEqual(floatType().parse('1.5'), { ok: true, value: 1.5 })
    assert.deepEqual(floatType().parse('.5'), { ok: true, value: 0.5 })
    assert.deepEqual(floatType().parse('2e3'), { ok: true, value: 2000 })
  })

  it('rejects words, NaN and infinities, and values outside its range', () => {
    for (const raw of ['NaN', 'Infinity', 'half', '']) assert.equal(floatType().parse(raw).ok, false, raw)
    assert.deepEqual(floatType({ min: 0, max: 1 }).parse('1.1'), { ok: false, expected: 'a number from 0 to 1' })
  })
})

describe('booleanType', () => {
  it('reads true and false in any case', () => {
    assert.deepEqual(booleanType.parse('TRUE'), { ok: true, value: true })
    assert.deepEqual(booleanType.parse('False'), { ok: true, value: false })
  })

  it('rejects anything else, including yes/no and 1/0', () => {
    for (const raw of ['yes', 'no', '1', '0', '']) {
      assert.deepEqual(booleanType.parse(raw), { ok: false, expected: "'true' or 'false'" }, raw)
    }
  })
})

describe('stringType', () => {
  it('keeps the value exactly, blanks included', () => {
    assert.deepEqual(stringType.parse(' my job '), { ok: true, value: ' my job ' })
  })
})

describe('enumType', () => {
  const modes = enumType(['EXACTLY_ONCE', 'AT_LEAST_ONCE'])

  it('matches case-insensitively and normalizes to the canonical spelling', () => {
    assert.deepEqual(modes.parse('at_least_once'), { ok: true, value: 'AT_LEAST_ONCE' })
  })

  it('lists the valid values when a value matches none', () => {
    assert.deepEqual(modes.parse('ONCE'),
      { ok: false, expected: 'one of EXACTLY_ONCE, AT_LEAST_ONCE, case-insensitive' })
  })

  it('maps aliases to their canonical value and lists them as accepted', () => {
    const type = enumType(['disable', 'fixed-delay'], { off: 'disable', FixedDelay: 'fixed-delay' })
    assert.deepEqual(type.parse('OFF'), { ok: true, value: 'disable' })
    assert.deepEqual(type.parse('fixeddelay'), { ok: true, value: 'fixed-delay' })
    const result = type.parse('sometimes')
    assert.ok(!result.ok)
    assert.match(result.expected, /also accepted: off, FixedDelay/)
  })
})
