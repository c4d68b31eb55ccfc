import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  ConfigOption, booleanOption, durationOption, enumOption, floatOption, integerOption, listOption, mapOption,
  memorySizeOption, noDefault, stringOption,
} from '../../../src/config/config-option.js'

describe('option constructors', () => {
  it('give each option its key, description and default in the documented unit', () => {
    const option = durationOption('pipeline.auto-watermark-interval', 200, 'Watermark interval.')
    assert.equal(option.key, 'pipeline.auto-watermark-interval')
    assert.equal(option.description, 'Watermark interval.')
    assert.equal(option.defaultValue, 200)
    assert.equal(option.hasDefault, true)
    assert.deepEqual(option.deprecatedKeys, [])
    assert.equal(memorySizeOption('m', 32 * 1024, 'M.').type.format(32 * 1024), '32 kb')
  })

  it('make an option without default when given noDefault, and type it as possibly undefined', () => {
    const option = stringOption('pipeline.name', noDefault, 'Job name.')
    assert.equal(option.hasDefault, false)
    const value: string | undefined = option.defaultValue
    assert.equal(value, undefined)
  })

  it('type options with a default as never undefined', () => {
    const slots: ConfigOption<number> = integerOption('slots', 1, 'Slots.')
    const ratio: ConfigOption<number> = floatOption('ratio', 0.5, 'Ratio.')
    const flag: ConfigOption<boolean> = booleanOption('flag', false, 'Flag.')
    const mode: ConfigOption<'A' | 'B'> = enumOption('mode', ['A', 'B'], 'A', 'Mode.')
    // @ts-expect-error an option without default must not pass for one that always has a value
    const unsound: ConfigOption<number> = integerOption('n', noDefault, 'N.')
    assert.ok(slots && ratio && flag && mode && unsound)
  })

  it('build list and map options in the Flink notation', () => {
    assert.deepEqual(listOption('l', noDefault, 'L.').type.parse('a;b'), { ok: true, value: ['a', 'b'] })
    assert.deepEqual(mapOption('m', noDefault, 'M.').type.parse('a:1'), { ok: true, value: new Map([['a', '1']]) })
  })

  it('pass range bounds on to the type', () => {
    const option = integerOption('pipeline.max-parallelism', 128, 'Max.', { min: 1, max: 32768 })
    assert.deepEqual(option.type.parse('0'), { ok: false, expected: 'an integer from 1 to 32768' })
  })
})

describe('ConfigOption', () => {
  it('adds deprecated keys without changing the original option', () => {
    const original = booleanOption('execution.checkpointing.unaligned.enabled', false, 'Unaligned.')
    const withOld = original.withDeprecatedKeys('execution.checkpointing.unaligned')
    assert.deepEqual(withOld.deprecatedKeys, ['execution.checkpointing.unaligned'])
    assert.deepEqual(original.deprecatedKeys, [])
    assert.equal(withOld.key, original.key)
  })

  it('applies a check after parsing and reports what the check expected', () => {
    const even = integerOption('even', 2, 'Even.').withCheck((n) => (n % 2 === 0 ? undefined : 'an even integer'))
    assert.deepEqual(even.type.parse('4'), { ok: true, value: 4 })
    assert.deepEqual(even.type.parse('3'), { ok: false, expected: 'an even integer' })
    assert.deepEqual(even.type.parse('x'), { ok: false, expected: 'an integer' })
  })

  it('keeps deprecated keys and the documented default through every copy', () => {
    const option = integerOption('a', 1, 'A.').withDeprecatedKeys('old.a').withDocDefault('one')
      .withCheck(() => undefined)
    assert.deepEqual(option.deprecatedKeys, ['old.a'])
    assert.equal(option.docDefault, 'one')
  })

  it('is frozen', () => {
    const option = integerOption('a', 1, 'A.')
    assert.ok(Object.isFrozen(option))
    assert.ok(Object.isFrozen(option.deprecatedKeys))
  })
})
