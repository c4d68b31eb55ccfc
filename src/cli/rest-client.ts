import { RestRequestFailedError, RestUnreachableError, UnknownJobError } from '../errors.js'

/** The default of -m, where `sluice run` serves by default (rest.address, rest.port). */
export const DEFAULT_REST_ADDRESS = '127.0.0.1:8081'
/** How long one request may take before the server counts as unreachable. */
const REQUEST_TIMEOUT_MS = 30_000
/** What Flink's RestClient sends; Sluice's REST API refuses state-changing requests without a JSON content type. */
const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8'

/** A JSON client of a Sluice (or Flink) monitoring REST API, for the CLI verbs. */
export class RestClient {
  readonly address: string
  readonly #baseUrl: string

  /** `address` as given to -m: `host:port`, or a URL such as `http://host:port`. */
  constructor(address: string) {
    this.address = address.replace(/^https?:\/\//, '').replace(/\/+$/, '')
    this.#baseUrl = /^https?:\/\//.test(address) ? address.replace(/\/+$/, '') : `http://${this.address}`
  }

  /**
   * Sends a request and returns the parsed JSON answer; a POST or PATCH always carries a JSON body (`{}` when none is
   * given), as Flink's RestClient sends. A 404 about `jobId` is an UnknownJobError, no connection a
   * RestUnreachableError, any other error status a RestRequestFailedError quoting Flink's `errors`.
   */
  async request(method: 'GET' | 'POST' | 'PATCH', path: string, options: { readonly body?: unknown; readonly jobId?: string } = {}): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(this.#baseUrl + path, {
        method,
        ...(method === 'GET' ? {} : { headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(options.body ?? {}) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (thrown) {
      throw new RestUnreachableError(this.address, reasonOf(thrown))
    }
    const text = await response.text()
    let json: unknown
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      throw new RestRequestFailedError(this.address, response.status, `not JSON: ${text.slice(0, 200)}`)
    }
    if (response.ok) return json
    const errors = (json as { errors?: unknown } | undefined)?.errors
    const detail = Array.isArray(errors) ? errors.map(String).join('; ') : text.slice(0, 200)
    if (response.status === 404 && options.jobId !== undefined && detail.includes(options.jobId)) throw new UnknownJobError(options.jobId, this.address)
    throw new RestRequestFailedError(this.address, response.status, detail)
  }
}

function reasonOf(thrown: unknown): string {
  const cause = (thrown as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code !== undefined) return cause.code
  if (thrown instanceof Error && thrown.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
  return thrown instanceof Error ? thrown.message : String(thrown)
}
