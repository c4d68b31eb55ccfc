import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  ACCESS_CONTROL_ALLOW_ORIGIN, REFRESH_INTERVAL, REST_ADDRESS, REST_ALLOWED_HOSTS, REST_PORT,
} from '../../../../src/config/options/rest-options.js'

const configWith = (key: string, value: string) => Configuration.fromEntries([{ key, value, origin: '-D' }], configRegistry)

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

  it('answer no further hosts and send no CORS header by default (Flink sends *)', () => {
    const config = Configuration.empty(configRegistry)
    assert.deepEqual(config.get(REST_ALLOWED_HOSTS), [])
    assert.equal(config.get(ACCESS_CONTROL_ALLOW_ORIGIN), undefined)
  })

  it('take rest.allowed-hosts as names or addresses with optional ports, or *, and refuse anything else', () => {
    assert.deepEqual(configWith('rest.allowed-hosts', 'sluice.example;proxy.example:443;[::1]:8081;*').get(REST_ALLOWED_HOSTS),
      ['sluice.example', 'proxy.example:443', '[::1]:8081', '*'])
    assert.throws(() => configWith('rest.allowed-hosts', 'sluice.example;http://evil.example/'), /'http:\/\/evil\.example\/' is neither/)
  })

  it('take web.access-control-allow-origin as * or an origin, and refuse a path or trailing slash', () => {
    assert.equal(configWith('web.access-control-allow-origin', '*').get(ACCESS_CONTROL_ALLOW_ORIGIN), '*')
    assert.equal(configWith('web.access-control-allow-origin', 'http://grafana.example:3000').get(ACCESS_CONTROL_ALLOW_ORIGIN), 'http://grafana.example:3000')
    for (const value of ['http://grafana.example:3000/', 'grafana.example', 'http://grafana.example/d/x', 'file:///tmp']) {
      assert.throws(() => configWith('web.access-control-allow-origin', value), /an origin: scheme, host and optional port/, value)
    }
  })
})
