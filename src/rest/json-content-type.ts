import { RestUnsupportedMediaTypeError } from '../errors.js'

/** Methods that only read; every other method changes state. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Throws RestUnsupportedMediaTypeError (415) for a state-changing request (POST, PATCH, PUT, DELETE) whose
 * Content-Type is not `application/json` (parameters such as `charset` allowed), with a body or without. A web page
 * can send a cross-origin request without asking first (no CORS preflight) only with `text/plain`, a form or no
 * body; requiring JSON forces the preflight, which the server does not grant unless web.access-control-allow-origin
 * says so. Flink's RestClient and dashboard send `application/json; charset=UTF-8` on every request.
 */
export function requireJsonContentType(method: string, contentType: string | undefined): void {
  if (SAFE_METHODS.has(method)) return
  if (contentType !== undefined && contentType.split(';')[0]!.trim().toLowerCase() === 'application/json') return
  throw new RestUnsupportedMediaTypeError(method, contentType)
}
