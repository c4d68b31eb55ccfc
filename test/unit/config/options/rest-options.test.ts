import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { REFRESH_INTERVAL, REST_ADDRESS, REST_PORT } from '../../../../src/config/options/rest-options.js'

describe('REST options', () => {
  it('bind to loopback on port 8081 by default and refresh the dashboard every 3 s', () => {
    const config = Configuration.empty(configRegistry)
    assert.equal(config.get(REST_ADDRESS), '127.0.0.1')
    assert.equal(config.get(REST_PORT), 8081)
    assert.equal(config.get(REFRESH_INTERVAL), 3000)
  })

  it('accept port 0 (any free port) and refuse ports beyond 65535', () => {
    const config = Configuration.fromEntries([{ key: 'rest.port', value: '0', origin: '-D' }], configRegistry)
    assert.equal(config.get(REST_PORT), 0)
    assert.throws(() => Configuration.fromEntries([{ key: 'rest.port', value: '65536', origin: '-D' }], configRegistry),
      /from 0 to 65535/)
  })
})
