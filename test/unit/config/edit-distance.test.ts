import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { editDistance } from '../../../src/config/edit-distance.js'

describe('editDistance', () => {
  it('is zero for equal strings and the length for an empty one', () => {
    assert.equal(editDistance('rest.port', 'rest.port'), 0)
    assert.equal(editDistance('', 'abc'), 3)
    assert.equal(editDistance('abc', ''), 3)
  })

  it('counts insertions, deletions and substitutions once each', () => {
    assert.equal(editDistance('rest.port', 'rest.ports'), 1)
    assert.equal(editDistance('rest.port', 'rest.prt'), 1)
    assert.equal(editDistance('rest.port', 'rest.pork'), 1)
  })

  it('counts a swap of adjacent characters once', () => {
    assert.equal(editDistance('rest.port', 'rest.prot'), 1)
    assert.equal(editDistance('default', 'defualt'), 1)
  })
})
