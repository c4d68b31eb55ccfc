import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RestHostNotAllowedError } from '../../../src/errors.js'
import { HostAllowlist, type HostAllowlistOptions } from '../../../src/rest/host-allowlist.js'

const anAllowlist = (options: Partial<HostAllowlistOptions> = {}) => new HostAllowlist({ address: '127.0.0.1', port: 8081, allowedHosts: [], ...options })

describe('HostAllowlist', () => {
  it('answers the loopback names and rest.address at the server\'s port', () => {
    const hosts = anAllowlist({ address: 'sluice.internal' })
    for (const host of ['127.0.0.1:8081', 'localhost:8081', 'LOCALHOST:8081', '[::1]:8081', 'sluice.internal:8081']) assert.ok(hosts.isAllowed(host), host)
  })

  it('refuses a DNS-rebinding name, another port, and a Host without port unless the server is on 80', () => {
    const hosts = anAllowlist()
    for (const host of ['evil.example:8081', 'localhost:9999', 'localhost', '10.0.0.7:8081', '0.0.0.0:8081', 'evil@127.0.0.1:8081', '']) {
      assert.equal(hosts.isAllowed(host), false, host)
    }
    assert.ok(anAllowlist({ port: 80 }).isAllowed('localhost'))
  })

  it('accepts a request without Host (HTTP/1.0), which no browser sends', () => {
    assert.ok(anAllowlist().isAllowed(undefined))
  })

  it('with a wildcard rest.address, also accepts any IP address at the port, but no other name', () => {
    for (const address of ['0.0.0.0', '::']) {
      const hosts = anAllowlist({ address })
      for (const host of ['10.0.0.7:8081', '[fe80::1]:8081', '0.0.0.0:8081', 'localhost:8081']) assert.ok(hosts.isAllowed(host), `${address}: ${host}`)
      for (const host of ['10.0.0.7:9999', 'my-laptop:8081', 'evil.example:8081']) assert.equal(hosts.isAllowed(host), false, `${address}: ${host}`)
    }
  })

  it('accepts rest.allowed-hosts entries: a name at any port, name:port at that port only, * anything', () => {
    const hosts = anAllowlist({ allowedHosts: ['sluice.example', 'proxy.example:443'] })
    for (const host of ['sluice.example', 'sluice.example:8081', 'Sluice.Example:1234', 'proxy.example:443']) assert.ok(hosts.isAllowed(host), host)
    for (const host of ['proxy.example', 'proxy.example:8081', 'evil.example:8081']) assert.equal(hosts.isAllowed(host), false, host)
    assert.ok(anAllowlist({ allowedHosts: ['*'] }).isAllowed('evil.example:8081'))
  })

  it('refuses with 403, naming what it answers to and the key that allows more', () => {
    assert.throws(() => anAllowlist({ allowedHosts: ['sluice.example'] }).check('evil.example:8081'), (error: unknown) => {
      assert.ok(error instanceof RestHostNotAllowedError)
      assert.equal(error.httpStatus, 403)
      assert.equal(error.message, "Host 'evil.example:8081' is not allowed: this server answers to 127.0.0.1:8081, localhost:8081, [::1]:8081, " +
        'sluice.example. To reach it under another name, add that name to rest.allowed-hosts (a Sluice key), e.g. -D rest.allowed-hosts=evil.example')
      return true
    })
  })
})
