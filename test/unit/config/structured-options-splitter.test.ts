import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { escapeWithSingleQuote, splitEscaped } from '../../../src/config/structured-options-splitter.js'

describe('splitEscaped', () => {
  it('splits at the delimiter and trims unquoted items', () => {
    assert.deepEqual(splitEscaped('a; b ;c', ';'), { ok: true, value: ['a', 'b', 'c'] })
  })

  it('keeps delimiters and blanks inside quoted items, and reads a doubled quote as one', () => {
    assert.deepEqual(splitEscaped("'a;b';\" c \";'it''s'", ';'), { ok: true, value: ['a;b', ' c ', "it's"] })
  })

  it('keeps an empty item between two delimiters but ignores a trailing delimiter, like Flink', () => {
    assert.deepEqual(splitEscaped('a;;b;', ';'), { ok: true, value: ['a', '', 'b'] })
    assert.deepEqual(splitEscaped('', ';'), { ok: true, value: [] })
  })

  it('rejects an unclosed quote and text glued to a quoted item', () => {
    assert.deepEqual(splitEscaped("a;'b", ';'),
      { ok: false, expected: "a closing ' for the quote opened at position 2" })
    assert.deepEqual(splitEscaped("'a'b;c", ';'),
      { ok: false, expected: "';' right after the quoted item at position 0" })
  })
})

describe('escapeWithSingleQuote', () => {
  it('leaves plain items alone and quotes items that would not survive splitting', () => {
    assert.equal(escapeWithSingleQuote('abc', ';'), 'abc')
    assert.equal(escapeWithSingleQuote('a;b', ';'), "'a;b'")
    assert.equal(escapeWithSingleQuote("it's", ';'), "'it''s'")
    assert.equal(escapeWithSingleQuote(' padded', ';'), "' padded'")
    assert.equal(escapeWithSingleQuote('', ';'), "''")
  })

  it('round-trips through splitEscaped', () => {
    const items = ['a', 'b;c', "d'e", ' f ', '', 'g"h']
    const joined = items.map((item) => escapeWithSingleQuote(item, ';')).join(';')
    assert.deepEqual(splitEscaped(joined, ';'), { ok: true, value: items })
  })
})
