import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { RestBadRequestError, RestPortInUseError } from '../../../src/errors.js'
import { RestServer, type RestServerOptions } from '../../../src/rest/rest-server.js'
import { Router } from '../../../src/rest/router.js'
import { LONG_MAX } from '../../../src/rest/messages/flink-json.js'
import { errorsOf, rawHttpRequest } from '../../support/raw-http-request.js'

const send = (server: RestServer, method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
  rawHttpRequest(server.url, method, path, headers, body)

describe('RestServer', () => {
  let server: RestServer
  let calls = 0
  before(async () => {
    server = await RestServer.start({
      address: '127.0.0.1',
      port: 0,
      router: new Router([
        { method: 'GET', path: '/ok', handler: () => ({ status: 200, body: { interval: LONG_MAX, p50: NaN } }) },
        { method: 'GET', path: '/bad', handler: () => { throw new RestBadRequestError('Bad request, could not parse parameter agg.') } },
        { method: 'GET', path: '/bug', handler: () => { throw new TypeError('x is undefined') } },
        { method: 'POST', path: '/echo', handler: (request) => ({ status: 202, body: { got: request.body as string } }) },
        { method: 'PATCH', path: '/act', handler: () => { calls++; return { status: 202, body: {} } } },
      ]),
    })
  })
  after(() => server.close())

  async function call(method: string, path: string, body?: string): Promise<{ status: number; text: string; type: string | null }> {
    const response = await fetch(server.url + path, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    })
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') }
  }

  it('picks a free port for port 0 and reports its URL', () => {
    assert.ok(server.port > 0)
    assert.equal(server.url, `http://127.0.0.1:${server.port}`)
  })

  it('writes Flink\'s JSON: Long.MAX_VALUE exactly and NaN as a string', async () => {
    assert.deepEqual(await call('GET', '/ok'), { status: 200, text: '{"interval":9223372036854775807,"p50":"NaN"}', type: 'application/json; charset=UTF-8' })
  })

  it('answers errors as {"errors":[...]} with their status', async () => {
    assert.deepEqual(await call('GET', '/missing'), { status: 404, text: '{"errors":["Not found: /missing"]}', type: 'application/json; charset=UTF-8' })
    assert.equal((await call('GET', '/bad')).text, '{"errors":["Bad request, could not parse parameter agg."]}')
    assert.equal((await call('PUT', '/ok')).status, 405)
  })

  it('answers a bug with 500 and its message, never a stack trace', async () => {
    const { status, text } = await call('GET', '/bug')
    assert.equal(status, 500)
    assert.deepEqual(JSON.parse(text), { errors: ['Internal server error.', 'x is undefined'] })
    assert.doesNotMatch(text, /\bat .*\.ts:\d+/)
  })

  it('parses a JSON body and rejects one that is not JSON with 400', async () => {
    assert.deepEqual(await call('POST', '/echo', '"hello"'), { status: 202, text: '{"got":"hello"}', type: 'application/json; charset=UTF-8' })
    assert.deepEqual(await call('POST', '/echo', '{nope'), { status: 400, text: '{"errors":["Request body is not valid JSON."]}', type: 'application/json; charset=UTF-8' })
  })

  it('refuses a state-changing request without a JSON content type with 415 before its handler runs', async () => {
    const before = calls
    const plain = await send(server, 'PATCH', '/act', { 'content-type': 'text/plain;charset=UTF-8' }, '{}')
    assert.equal(plain.status, 415)
    assert.match(errorsOf(plain)[0]!, /^Request method PATCH needs the header 'Content-Type: application\/json' \(got 'text\/plain;charset=UTF-8'\)/)
    assert.equal((await send(server, 'PATCH', '/act')).status, 415, 'without content type and body')
    assert.equal((await send(server, 'POST', '/echo', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).status, 415)
    assert.equal(calls, before, 'no handler ran')
    assert.equal((await send(server, 'PATCH', '/act', { 'content-type': 'application/json; charset=UTF-8' })).status, 202, 'JSON, without a body')
    assert.equal(calls, before + 1)
  })

  it('refuses a Host it does not answer to with 403 before routing, as for a DNS-rebinding page', async () => {
    const before = calls
    for (const path of ['/act', '/ok', '/missing']) {
      const answer = await send(server, 'PATCH', path, { host: `evil.example:${server.port}`, 'content-type': 'application/json' })
      assert.equal(answer.status, 403, path)
      assert.match(errorsOf(answer)[0]!, /^Host 'evil\.example:\d+' is not allowed: .* rest\.allowed-hosts/)
    }
    assert.equal(calls, before)
    assert.equal((await send(server, 'GET', '/ok', { host: `localhost:${server.port}` })).status, 200)
  })

  it('refuses a request from a web page of another origin with 403, and sends no CORS header by default', async () => {
    const before = calls
    const foreign = await send(server, 'PATCH', '/act', { origin: 'http://evil.example', 'content-type': 'application/json' })
    assert.equal(foreign.status, 403)
    assert.match(errorsOf(foreign)[0]!, /web\.access-control-allow-origin/)
    assert.equal((await send(server, 'GET', '/ok', { origin: 'http://evil.example' })).status, 403)
    const preflight = await send(server, 'OPTIONS', '/act', { origin: 'http://evil.example', 'access-control-request-method': 'PATCH' })
    assert.equal(preflight.status, 403)
    assert.equal(calls, before)
    const sameOrigin = await send(server, 'GET', '/ok', { origin: `http://127.0.0.1:${server.port}` })
    assert.equal(sameOrigin.status, 200)
    for (const answer of [foreign, preflight, sameOrigin]) {
      assert.equal(answer.headers['access-control-allow-origin'], undefined)
      assert.equal(answer.headers['x-content-type-options'], 'nosniff')
    }
  })

  it('fails with RestPortInUseError, suggesting rest.port=0, when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      await assert.rejects(RestServer.start({ address: '127.0.0.1', port, router: new Router([]) }), (error: unknown) =>
        error instanceof RestPortInUseError && error.code === 'SLUICE_REST_PORT_IN_USE' && error.message.includes('-D rest.port=0'))
    } finally {
      blocker.close()
    }
  })
})

describe('RestServer with rest.allowed-hosts and web.access-control-allow-origin', () => {
  let server: RestServer
  before(async () => {
    const options: RestServerOptions = {
      address: '127.0.0.1',
      port: 0,
      router: new Router([{ method: 'PATCH', path: '/act', handler: () => ({ status: 202, body: {} }) }]),
      allowedHosts: ['sluice.example'],
      accessControlAllowOrigin: 'http://grafana.example:3000',
    }
    server = await RestServer.start(options)
  })
  after(() => server.close())

  it('answers a host listed in rest.allowed-hosts', async () => {
    assert.equal((await send(server, 'PATCH', '/act', { host: 'sluice.example', 'content-type': 'application/json' })).status, 202)
  })

  it('answers the allowed origin\'s preflight and requests with Access-Control-Allow-Origin, and still refuses others', async () => {
    const origin = 'http://grafana.example:3000'
    const preflight = await send(server, 'OPTIONS', '/act', { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type' })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers['access-control-allow-origin'], origin)
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET, POST, PATCH')
    assert.equal(preflight.headers['access-control-allow-headers'], 'Content-Type')
    const actual = await send(server, 'PATCH', '/act', { origin, 'content-type': 'application/json' })
    assert.deepEqual([actual.status, actual.headers['access-control-allow-origin']], [202, origin])
    assert.equal((await send(server, 'PATCH', '/act', { origin: 'http://evil.example', 'content-type': 'application/json' })).status, 403)
  })
})
