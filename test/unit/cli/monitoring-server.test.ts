import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { startMonitoringServer } from '../../../src/cli/monitoring-server.js'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { systemClock } from '../../../src/util/clock.js'
import { rawHttpRequest } from '../../support/raw-http-request.js'

async function get(url: string, headers: Record<string, string>): Promise<{ status: number; allowOrigin: string | string[] | undefined }> {
  const answer = await rawHttpRequest(url, 'GET', '/config', headers)
  return { status: answer.status, allowOrigin: answer.headers['access-control-allow-origin'] }
}

describe('startMonitoringServer', () => {
  it('serves on loopback, refusing other hosts and origins, with no CORS header by default', async () => {
    const server = await startMonitoringServer(Configuration.fromEntries([{ key: 'rest.port', value: '0', origin: '-D' }], configRegistry), systemClock)
    try {
      const port = new URL(server.url).port
      assert.deepEqual(await get(server.url, {}), { status: 200, allowOrigin: undefined })
      assert.equal((await get(server.url, { host: `sluice.example:${port}` })).status, 403)
      assert.equal((await get(server.url, { origin: 'http://grafana.example:3000' })).status, 403)
    } finally {
      await server.close()
    }
  })

  it('answers the hosts in rest.allowed-hosts and the origin in web.access-control-allow-origin', async () => {
    const configuration = Configuration.fromEntries([
      { key: 'rest.port', value: '0', origin: '-D' },
      { key: 'rest.allowed-hosts', value: 'sluice.example', origin: '-D' },
      { key: 'web.access-control-allow-origin', value: 'http://grafana.example:3000', origin: '-D' },
    ], configRegistry)
    const server = await startMonitoringServer(configuration, systemClock)
    try {
      assert.equal((await get(server.url, { host: 'sluice.example' })).status, 200)
      assert.deepEqual(await get(server.url, { origin: 'http://grafana.example:3000' }), { status: 200, allowOrigin: 'http://grafana.example:3000' })
    } finally {
      await server.close()
    }
  })
})
