import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { sendHttpRequest } from '../../../../src/metrics/reporters/http-request.js'

describe('sendHttpRequest', () => {
  it('gives up on a server that accepts but never answers, after the timeout', async () => {
    const server = createServer(() => { /* never answers */ })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const startedAt = performance.now()
      await assert.rejects(sendHttpRequest({ method: 'PUT', url: `http://127.0.0.1:${port}/x`, body: 'a', connectTimeoutMs: 1000, timeoutMs: 200 }),
        /no response within 200 ms/)
      assert.ok(performance.now() - startedAt < 2000)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('returns status and body', async () => {
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => { body += chunk.toString() })
      request.on('end', () => response.writeHead(202).end(`${request.method} ${body}`))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      assert.deepEqual(await sendHttpRequest({ method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'hi', connectTimeoutMs: 1000, timeoutMs: 1000 }),
        { status: 202, body: 'POST hi' })
    } finally {
      server.close()
    }
  })
})
