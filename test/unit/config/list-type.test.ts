import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { listType } from '../../../src/config/list-type.js'

describe('listType', () => {
  it("reads Flink's ';'-separated form", () => {
    assert.deepEqual(listType.parse('a;b;c'), { ok: true, value: ['a', 'b', 'c'] })
    assert.deepEqual(listType.parse("'x;y';z"), { ok: true, value: ['x;y', 'z'] })
  })

  it('writes a list back in the form it reads', () => {
    const items = ['a', 'x;y', "it's"]
    assert.equal(listType.format(items), "a;'x;y';'it''s'")
    assert.deepEqual(listType.parse(listType.format(items)), { ok: true, value: items })
  })

  it('explains bad quoting', () => {
    const result = listType.parse("a;'b")
    assert.ok(!result.ok)
    assert.match(result.expected, /separated by ';'.*expected a closing ' for the quote opened at position 2/)
  })
})
