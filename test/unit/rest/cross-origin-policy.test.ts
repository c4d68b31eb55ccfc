import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RestOriginNotAllowedError } from '../../../src/errors.js'
import { CrossOriginPolicy } from '../../../src/rest/cross-origin-policy.js'

describe('CrossOriginPolicy', () => {
  it('by default, refuses web pages of other origins and sends no CORS header', () => {
    const policy = new CrossOriginPolicy(undefined)
    assert.throws(() => policy.check('http://evil.example', '127.0.0.1:8081'), (error: unknown) =>
      error instanceof RestOriginNotAllowedError && error.httpStatus === 403 &&
      error.message === "Cross-origin request from 'http://evil.example' refused: web.access-control-allow-origin is not set, " +
        'so web pages of other origins may not use this API. To let a web application at that origin use it, set -D web.access-control-allow-origin=http://evil.example')
    assert.throws(() => policy.check('null', '127.0.0.1:8081'), RestOriginNotAllowedError)
    assert.throws(() => policy.check('https://127.0.0.1:8081', '127.0.0.1:8081'), RestOriginNotAllowedError, 'another scheme is another origin')
    assert.deepEqual(policy.responseHeaders, {})
    assert.equal(policy.preflightHeaders, undefined)
  })

  it('lets through requests without Origin and from the server\'s own origin', () => {
    const policy = new CrossOriginPolicy(undefined)
    policy.check(undefined, '127.0.0.1:8081')
    policy.check('http://localhost:8081', 'localhost:8081')
  })

  it('with one allowed origin, accepts it, refuses others, and sends it in every answer and preflight', () => {
    const policy = new CrossOriginPolicy('http://grafana.example:3000')
    policy.check('http://grafana.example:3000', '127.0.0.1:8081')
    assert.throws(() => policy.check('http://evil.example', '127.0.0.1:8081'), /allows only 'http:\/\/grafana\.example:3000'/)
    assert.deepEqual(policy.responseHeaders, { 'access-control-allow-origin': 'http://grafana.example:3000' })
    assert.deepEqual(policy.preflightHeaders, {
      'access-control-allow-origin': 'http://grafana.example:3000',
      'access-control-allow-methods': 'GET, POST, PATCH',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '600',
    })
  })

  it('with *, accepts every origin, as Flink does by default', () => {
    const policy = new CrossOriginPolicy('*')
    policy.check('http://anything.example', '127.0.0.1:8081')
    assert.deepEqual(policy.responseHeaders, { 'access-control-allow-origin': '*' })
  })
})
