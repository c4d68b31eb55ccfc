import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RestUnsupportedMediaTypeError } from '../../../src/errors.js'
import { requireJsonContentType } from '../../../src/rest/json-content-type.js'

describe('requireJsonContentType', () => {
  it('accepts application/json on state-changing methods, with parameters and in any case', () => {
    for (const type of ['application/json', 'application/json; charset=UTF-8', 'Application/JSON;charset=utf-8']) {
      for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) requireJsonContentType(method, type)
    }
  })

  it('refuses with 415 what a web page can send without a preflight: text/plain, forms, or no content type', () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', undefined]) {
      assert.throws(() => requireJsonContentType('POST', type), (error: unknown) => error instanceof RestUnsupportedMediaTypeError && error.httpStatus === 415, String(type))
    }
  })

  it('says what to send', () => {
    assert.throws(() => requireJsonContentType('PATCH', undefined), {
      message: "Request method PATCH needs the header 'Content-Type: application/json' (none was sent), with a JSON body or none, " +
        "e.g. curl -X PATCH -H 'Content-Type: application/json' -d '{}' <url>",
    })
  })

  it('leaves reading methods alone', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) requireJsonContentType(method, 'text/plain')
  })
})
