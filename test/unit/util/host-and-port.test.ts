import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isIpAddress, parseHostAndPort, urlHostOf } from '../../../src/util/host-and-port.js'

describe('parseHostAndPort', () => {
  it('reads a name, an IPv4 address or a bracketed IPv6 address, each with or without a port', () => {
    assert.deepEqual(parseHostAndPort('localhost:8081'), { hostname: 'localhost', port: 8081 })
    assert.deepEqual(parseHostAndPort('Sluice.Example'), { hostname: 'sluice.example', port: undefined })
    assert.deepEqual(parseHostAndPort('127.0.0.1:80'), { hostname: '127.0.0.1', port: 80 })
    assert.deepEqual(parseHostAndPort('[::1]:8081'), { hostname: '[::1]', port: 8081 })
  })

  it('writes IP addresses in the canonical form a browser sends', () => {
    assert.deepEqual(parseHostAndPort('127.1:8081'), { hostname: '127.0.0.1', port: 8081 })
    assert.deepEqual(parseHostAndPort('[0:0:0:0:0:0:0:1]'), { hostname: '[::1]', port: undefined })
  })

  it('refuses user info, paths, spaces, empty hosts, bare IPv6 and ports beyond 65535', () => {
    for (const text of ['evil@127.0.0.1:8081', '127.0.0.1/x', 'a b', '', ':8081', '::1', 'localhost:65536', 'localhost:', '999.1.1.1']) {
      assert.equal(parseHostAndPort(text), undefined, text)
    }
  })
})

describe('urlHostOf and isIpAddress', () => {
  it('brackets IPv6 addresses and tells IP addresses from names', () => {
    assert.equal(urlHostOf('::1'), '[::1]')
    assert.equal(urlHostOf('LocalHost'), 'localhost')
    assert.deepEqual(['10.0.0.7', '[fe80::1]', 'localhost', 'evil.example'].map(isIpAddress), [true, true, false, false])
  })
})
