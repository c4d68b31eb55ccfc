import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toFlinkJson } from './messages/flink-json.js'
import { RestBadRequestError, RestBindFailedError, RestHandlerError, RestPortInUseError } from '../errors.js'
import { CrossOriginPolicy } from './cross-origin-policy.js'
import { HostAllowlist } from './host-allowlist.js'
import { requireJsonContentType } from './json-content-type.js'
import type { RestResponse, Router } from './router.js'

/** Largest request body accepted; the API's bodies are a few small JSON fields. */
const MAX_BODY_BYTES = 64 * 1024
/** How long a closing server waits for requests in flight before it drops their connections. */
const CLOSE_GRACE_MS = 2_000

/** Where the server listens. */
export interface RestServerOptions {
  readonly address: string
  /** 0 picks a free port. */
  readonly port: number
  readonly router: Router
  /** rest.allowed-hosts: Host names answered besides loopback and `address` (see HostAllowlist); none by default. */
  readonly allowedHosts?: readonly string[]
  /** web.access-control-allow-origin; undefined (the default): same origin only, no CORS header. */
  readonly accessControlAllowOrigin?: string | undefined
}

/** The checks every request passes before its handler runs. */
interface RequestGuards {
  readonly hosts: HostAllowlist
  readonly origins: CrossOriginPolicy
}

/**
 * The monitoring REST API over node:http (Flink's RestServerEndpoint): JSON in and out, errors as Flink's
 * `{"errors":[...]}` with 400/404/405, and 500 for a bug, never with a stack trace. Before a handler runs, a request
 * must name an allowed Host (403), come from no web page or an allowed origin (403), match a route (404/405) and,
 * when it changes state, carry a JSON content type (415): see docs/rest.md, Security.
 */
export class RestServer {
  readonly #server: Server
  readonly address: string
  readonly port: number

  private constructor(server: Server, address: string, port: number) {
    this.#server = server
    this.address = address
    this.port = port
  }

  /** The base URL clients use, e.g. `http://127.0.0.1:8081`. */
  get url(): string {
    const host = this.address.includes(':') ? `[${this.address}]` : this.address
    return `http://${host}:${this.port}`
  }

  /** Binds and starts serving; a taken port is a RestPortInUseError. */
  static async start(options: RestServerOptions): Promise<RestServer> {
    let guards: RequestGuards | undefined
    const server = createServer((request, response) => { void handle(guards!, options.router, request, response) })
    server.keepAliveTimeout = 5_000
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        reject(error.code === 'EADDRINUSE'
          ? new RestPortInUseError(options.address, options.port)
          : new RestBindFailedError(options.address, options.port, error.message))
      }
      server.once('error', onError)
      server.listen(options.port, options.address, () => {
        server.off('error', onError)
        // the allowlist needs the bound port (port 0); 'listening' is emitted before any connection is accepted
        guards = {
          hosts: new HostAllowlist({ address: options.address, port: (server.address() as AddressInfo).port, allowedHosts: options.allowedHosts ?? [] }),
          origins: new CrossOriginPolicy(options.accessControlAllowOrigin),
        }
        resolve()
      })
    })
    return new RestServer(server, options.address, (server.address() as AddressInfo).port)
  }

  /** Stops accepting connections; requests in flight get a short grace time to finish. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    this.#server.closeIdleConnections()
    const timer = setTimeout(() => this.#server.closeAllConnections(), CLOSE_GRACE_MS)
    timer.unref()
    await closed
    clearTimeout(timer)
  }
}

async function handle(guards: RequestGuards, router: Router, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET'
  let result: RestResponse
  try {
    // Host first: a DNS-rebinding page learns nothing, not even whether a path exists
    guards.hosts.check(request.headers.host)
    guards.origins.check(request.headers.origin, request.headers.host)
    const preflightHeaders = guards.origins.preflightHeaders
    if (method === 'OPTIONS' && preflightHeaders !== undefined) {
      response.writeHead(204, preflightHeaders)
      response.end()
      return
    }
    const url = new URL(request.url ?? '/', 'http://localhost')
    const { handler, pathParameters } = router.match(method, url.pathname)
    requireJsonContentType(method, request.headers['content-type'])
    const body = await readJsonBody(request)
    result = await handler({ pathParameters, query: url.searchParams, body })
  } catch (thrown) {
    result = thrown instanceof RestHandlerError
      ? { status: thrown.httpStatus, body: { errors: [thrown.message] } }
      // a bug in a handler: say so, without internals (Flink answers "Internal server error." the same way)
      : { status: 500, body: { errors: ['Internal server error.', thrown instanceof Error ? thrown.message : String(thrown)] } }
  }
  const text = toFlinkJson(result.body)
  response.writeHead(result.status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    // error messages quote request headers: never let a browser read them as anything but JSON
    'x-content-type-options': 'nosniff',
    ...guards.origins.responseHeaders,
  })
  response.end(text)
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new RestBadRequestError(`Request body is larger than ${MAX_BODY_BYTES} bytes.`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new RestBadRequestError('Request body is not valid JSON.')
  }
}
