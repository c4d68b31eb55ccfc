import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { STATE_BACKEND } from '../../../../src/config/options/state-backend-options.js'

describe('state backend options', () => {
  it('default to the hashmap backend', () => {
    assert.equal(Configuration.empty(configRegistry).get(STATE_BACKEND), 'hashmap')
  })

  it('read the old state.backend key and normalize the case', () => {
    const config = Configuration.fromEntries([{ key: 'state.backend', value: 'RocksDB', origin: '-D' }], configRegistry)
    assert.equal(config.get(STATE_BACKEND), 'rocksdb')
    assert.deepEqual(config.deprecationHints, ["'state.backend' is deprecated; use 'state.backend.type' (from -D)"])
  })

  it('refuse a backend Sluice does not implement', () => {
    assert.throws(() => Configuration.fromEntries([{ key: 'state.backend.type', value: 'forst', origin: '-D' }],
      configRegistry), /expected one of hashmap, rocksdb/)
  })
})
