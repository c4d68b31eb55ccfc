import { RestOriginNotAllowedError } from '../errors.js'
import { REST_METHODS } from './router.js'

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600

/**
 * Decides which web pages may call the REST API from a browser (web.access-control-allow-origin) and which CORS
 * headers answer them. Unset (Sluice's default; Flink's is `*`), a request that carries an Origin other than this
 * server's own is refused and no CORS header is ever sent, so no web page of another origin can drive the API.
 */
export class CrossOriginPolicy {
  /** `*`, one origin (`http://host:3000`), or undefined for same-origin only. */
  readonly allowedOrigin: string | undefined

  constructor(allowedOrigin: string | undefined) {
    this.allowedOrigin = allowedOrigin
  }

  /**
   * Throws RestOriginNotAllowedError (403) for a request from a web page of another origin than this server's (the
   * Host it was sent to) or the allowed one; a request without Origin (curl, the CLI, a same-origin GET) passes.
   */
  check(origin: string | undefined, hostHeader: string | undefined): void {
    if (origin === undefined || this.allowedOrigin === '*') return
    const normalized = origin.toLowerCase()
    if (hostHeader !== undefined && normalized === `http://${hostHeader.toLowerCase()}`) return
    if (normalized === this.allowedOrigin) return
    throw new RestOriginNotAllowedError(origin, this.allowedOrigin)
  }

  /** Headers of every response: Access-Control-Allow-Origin when an origin is allowed, else none. */
  get responseHeaders(): Readonly<Record<string, string>> {
    return this.allowedOrigin === undefined ? {} : { 'access-control-allow-origin': this.allowedOrigin }
  }

  /** Headers of the answer to a preflight (OPTIONS) request; undefined when cross-origin access is off. */
  get preflightHeaders(): Readonly<Record<string, string>> | undefined {
    if (this.allowedOrigin === undefined) return undefined
    return {
      ...this.responseHeaders,
      'access-control-allow-methods': REST_METHODS.join(', '),
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
    }
  }
}
