import type { FlinkJson } from './messages/flink-json.js'
import { RestMethodNotAllowedError, RestNotFoundError } from '../errors.js'

/** The HTTP methods the monitoring API answers. */
export const REST_METHODS = ['GET', 'POST', 'PATCH'] as const
export type RestMethod = (typeof REST_METHODS)[number]

/** A request as a handler sees it: path parameters by name, the query, and the parsed JSON body (undefined when empty). */
export interface RestRequest {
  readonly pathParameters: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: unknown
}

/** A handler's answer: HTTP status and a JSON body. */
export interface RestResponse {
  readonly status: number
  readonly body: FlinkJson
}

export type RestHandler = (request: RestRequest) => RestResponse | Promise<RestResponse>

/** One route: method + path template (`/jobs/:jobid`) + handler. */
export interface RestRoute {
  readonly method: RestMethod
  readonly path: string
  readonly handler: RestHandler
}

/** A resolved request: the handler and the path parameters it matched. */
export interface RouteMatch {
  readonly handler: RestHandler
  readonly pathParameters: Readonly<Record<string, string>>
}

/**
 * Finds the handler of a method and path like Flink's router: every route is also served under `/v1`, a literal
 * segment beats a parameter (`/jobs/overview` is not job "overview"), an unknown path is a 404 and a known path
 * with another method a 405.
 */
export class Router {
  readonly #routes: { readonly route: RestRoute; readonly segments: readonly string[] }[] = []

  constructor(routes: readonly RestRoute[]) {
    for (const route of routes) this.#routes.push({ route, segments: segmentsOf(route.path) })
  }

  /** The handler for `method` at `path` (without query); throws RestNotFoundError or RestMethodNotAllowedError. */
  match(method: string, path: string): RouteMatch {
    let segments = segmentsOf(path)
    if (segments[0] === 'v1') segments = segments.slice(1)
    const candidates = this.#routes
      .map(({ route, segments: template }) => ({ route, pathParameters: matchSegments(template, segments) }))
      .filter((c): c is { route: RestRoute; pathParameters: Record<string, string> } => c.pathParameters !== undefined)
    if (candidates.length === 0) throw new RestNotFoundError(`Not found: ${path}`)
    const forMethod = candidates.filter((c) => c.route.method === method)
      .sort((a, b) => literalCount(b.route.path) - literalCount(a.route.path))
    const best = forMethod[0]
    if (best === undefined) throw new RestMethodNotAllowedError(method, path, [...new Set(candidates.map((c) => c.route.method))])
    return { handler: best.route.handler, pathParameters: best.pathParameters }
  }
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function literalCount(path: string): number {
  return segmentsOf(path).filter((segment) => !segment.startsWith(':')).length
}

function matchSegments(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined
  const parameters: Record<string, string> = {}
  for (let i = 0; i < template.length; i++) {
    const expected = template[i]!
    const actual = segments[i]!
    if (expected.startsWith(':')) {
      let decoded: string
      try {
        decoded = decodeURIComponent(actual)
      } catch {
        return undefined
      }
      parameters[expected.slice(1)] = decoded
    } else if (expected !== actual) {
      return undefined
    }
  }
  return parameters
}
