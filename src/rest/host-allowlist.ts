import { RestHostNotAllowedError } from '../errors.js'
import { type HostAndPort, isIpAddress, parseHostAndPort, urlHostOf } from '../util/host-and-port.js'

/** The names a loopback server is always reachable under. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const
/** Addresses that bind every interface, in canonical form. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '[::]'])

/** What the allowlist is built from. */
export interface HostAllowlistOptions {
  /** rest.address, as the server was bound. */
  readonly address: string
  /** The port the server listens on (after port 0 was resolved). */
  readonly port: number
  /** rest.allowed-hosts: `name`, `name:port` or `*`. */
  readonly allowedHosts: readonly string[]
}

/**
 * Decides which Host headers the REST server answers (the defence against DNS rebinding, where a web page's own name
 * is re-pointed at 127.0.0.1 so that the browser sends it requests as same-origin): the loopback names and
 * rest.address at the server's port; with a wildcard rest.address also any IP address at that port (a rebinding
 * page always comes under a DNS name); and the rest.allowed-hosts entries.
 */
export class HostAllowlist {
  readonly #port: number
  readonly #namesAtPort: ReadonlySet<string>
  readonly #entries: readonly HostAndPort[]
  readonly #isAnyIpAllowed: boolean
  readonly #isAnyHostAllowed: boolean

  constructor(options: HostAllowlistOptions) {
    const bound = urlHostOf(options.address)
    const address = parseHostAndPort(bound)?.hostname ?? bound
    this.#port = options.port
    this.#isAnyIpAllowed = WILDCARD_ADDRESSES.has(address)
    this.#namesAtPort = new Set<string>([...LOOPBACK_NAMES, ...(this.#isAnyIpAllowed ? [] : [address])])
    this.#isAnyHostAllowed = options.allowedHosts.includes('*')
    this.#entries = options.allowedHosts.flatMap((entry) => parseHostAndPort(entry) ?? [])
  }

  /** Whether a request with this Host header is answered; a request without one (HTTP/1.0) cannot come from a browser. */
  isAllowed(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || this.#isAnyHostAllowed) return true
    const host = parseHostAndPort(hostHeader)
    if (host === undefined) return false
    // no port in the Host header means the client connected to port 80
    const isServerPort = (host.port ?? 80) === this.#port
    if (isServerPort && (this.#namesAtPort.has(host.hostname) || (this.#isAnyIpAllowed && isIpAddress(host.hostname)))) return true
    return this.#entries.some((entry) => entry.hostname === host.hostname && (entry.port === undefined || entry.port === host.port))
  }

  /** Throws RestHostNotAllowedError (403), naming what is accepted and the key that accepts more, unless isAllowed. */
  check(hostHeader: string | undefined): void {
    if (hostHeader === undefined || this.isAllowed(hostHeader)) return
    throw new RestHostNotAllowedError(hostHeader, this.accepted, parseHostAndPort(hostHeader)?.hostname ?? '<host name>')
  }

  /** The accepted hosts in words, e.g. `127.0.0.1:8081`, `any IP address at port 8081`, `proxy.example`. */
  get accepted(): string[] {
    return [
      ...[...this.#namesAtPort].map((name) => `${name}:${this.#port}`),
      ...(this.#isAnyIpAllowed ? [`any IP address at port ${this.#port}`] : []),
      ...this.#entries.map((entry) => (entry.port === undefined ? entry.hostname : `${entry.hostname}:${entry.port}`)),
    ]
  }
}
