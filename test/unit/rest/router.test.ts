import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RestMethodNotAllowedError, RestNotFoundError } from '../../../src/errors.js'
import { Router, type RestRoute } from '../../../src/rest/router.js'

function route(method: RestRoute['method'], path: string): RestRoute {
  return { method, path, handler: () => ({ status: 200, body: { route: `${method} ${path}` } }) }
}

async function routeOf(router: Router, method: string, path: string): Promise<unknown> {
  const match = router.match(method, path)
  return { body: (await match.handler({ pathParameters: match.pathParameters, query: new URLSearchParams(), body: undefined })).body, parameters: match.pathParameters }
}

describe('Router', () => {
  const router = new Router([
    route('GET', '/jobs/:jobid'),
    route('PATCH', '/jobs/:jobid'),
    route('GET', '/jobs/overview'),
    route('GET', '/jobs/:jobid/checkpoints/:checkpointid'),
    route('GET', '/jobs/:jobid/checkpoints/config'),
  ])

  it('extracts path parameters by name', async () => {
    assert.deepEqual(await routeOf(router, 'GET', '/jobs/abc/checkpoints/7'),
      { body: { route: 'GET /jobs/:jobid/checkpoints/:checkpointid' }, parameters: { jobid: 'abc', checkpointid: '7' } })
  })

  it('prefers a literal segment to a parameter, whatever the registration order', async () => {
    assert.deepEqual(await routeOf(router, 'GET', '/jobs/overview'), { body: { route: 'GET /jobs/overview' }, parameters: {} })
    assert.deepEqual(await routeOf(router, 'GET', '/jobs/abc/checkpoints/config'), { body: { route: 'GET /jobs/:jobid/checkpoints/config' }, parameters: { jobid: 'abc' } })
  })

  it('serves every route under /v1 too, and ignores a trailing slash', async () => {
    assert.deepEqual(await routeOf(router, 'GET', '/v1/jobs/abc/'), { body: { route: 'GET /jobs/:jobid' }, parameters: { jobid: 'abc' } })
  })

  it('chooses the handler by method', async () => {
    assert.deepEqual(await routeOf(router, 'PATCH', '/jobs/abc'), { body: { route: 'PATCH /jobs/:jobid' }, parameters: { jobid: 'abc' } })
  })

  it('answers an unknown path with a not-found error naming it', () => {
    assert.throws(() => router.match('GET', '/nope'), (error: unknown) => error instanceof RestNotFoundError && error.httpStatus === 404 && /\/nope/.test(error.message))
  })

  it('answers a known path with another method with 405, listing the allowed methods', () => {
    assert.throws(() => router.match('DELETE', '/jobs/abc'), (error: unknown) =>
      error instanceof RestMethodNotAllowedError && error.httpStatus === 405 && error.message.includes('allowed: GET, PATCH'))
  })
})
