import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { RestClient } from '../../../src/cli/rest-client.js'

interface Received { readonly method: string; readonly headers: IncomingHttpHeaders; readonly body: string }

describe('RestClient', () => {
  let server: Server
  let address: string
  const received: Received[] = []
  before(async () => {
    server = createServer((request, response) => {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => { body += chunk })
      request.on('end', () => {
        received.push({ method: request.method!, headers: request.headers, body })
        response.writeHead(202, { 'content-type': 'application/json' }).end('{}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends state-changing requests with a JSON content type and body, as Flink\'s RestClient does', async () => {
    received.length = 0
    const client = new RestClient(address)
    await client.request('PATCH', '/jobs/0123456789abcdef0123456789abcdef?mode=cancel')
    await client.request('POST', '/jobs/0123456789abcdef0123456789abcdef/stop', { body: { drain: false } })
    assert.deepEqual(received.map((r) => [r.method, r.headers['content-type'], r.body]), [
      ['PATCH', 'application/json; charset=UTF-8', '{}'],
      ['POST', 'application/json; charset=UTF-8', '{"drain":false}'],
    ])
  })

  it('sends GET requests without a body, under the host and port given with -m', async () => {
    received.length = 0
    await new RestClient(`http://${address}/`).request('GET', '/jobs/overview')
    assert.deepEqual(received.map((r) => [r.method, r.headers['content-type'], r.body, r.headers.host]), [['GET', undefined, '', address]])
  })
})
