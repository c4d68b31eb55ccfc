import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { RestBadRequestError, RestPortInUseError } from '../../../src/errors.js'
import { RestServer } from '../../../src/rest/rest-server.js'
import { Router } from '../../../src/rest/router.js'
import { LONG_MAX } from '../../../src/rest/messages/flink-json.js'

describe('RestServer', () => {
  let server: RestServer
  before(async () => {
    server = await RestServer.start({
      address: '127.0.0.1',
      port: 0,
      router: new Router([
        { method: 'GET', path: '/ok', handler: () => ({ status: 200, body: { interval: LONG_MAX, p50: NaN } }) },
        { method: 'GET', path: '/bad', handler: () => { throw new RestBadRequestError('Bad request, could not parse parameter agg.') } },
        { method: 'GET', path: '/bug', handler: () => { throw new TypeError('x is undefined') } },
        { method: 'POST', path: '/echo', handler: (request) => ({ status: 202, body: { got: request.body as string } }) },
      ]),
    })
  })
  after(() => server.close())

  async function call(method: string, path: string, body?: string): Promise<{ status: number; text: string; type: string | null }> {
    const response = await fetch(server.url + path, { method, ...(body === undefined ? {} : { body }) })
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
