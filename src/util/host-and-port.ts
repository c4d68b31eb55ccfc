import { isIP } from 'node:net'

/** A host name or IP address, with the port when one was given. */
export interface HostAndPort {
  /** Lower-case name, or canonical IP address; IPv6 in brackets (`[::1]`), as in a URL. */
  readonly hostname: string
  readonly port: number | undefined
}

// a DNS name or IPv4 address, or an IPv6 address in brackets, then an optional port; nothing else (no user info,
// path or spaces), so that what a Host header or a configured entry means cannot be bent by URL parsing
const HOST_AND_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?$/

/**
 * Parses `host`, `host:port`, `[ipv6]` or `[ipv6]:port` (an HTTP Host header, a configured address); undefined when
 * it is anything else. IP addresses come back in canonical form (`127.1` → `127.0.0.1`, `[0::1]` → `[::1]`), as a
 * browser writes them.
 */
export function parseHostAndPort(text: string): HostAndPort | undefined {
  const match = HOST_AND_PORT.exec(text)
  if (match === null) return undefined
  const port = match[2] === undefined ? undefined : Number(match[2])
  if (port !== undefined && port > 65_535) return undefined
  let hostname: string
  try {
    hostname = new URL(`http://${match[1]!}`).hostname
  } catch {
    return undefined
  }
  return { hostname, port }
}

/** An address as a URL writes it: IPv6 in brackets (`::1` → `[::1]`), names lower-case. */
export function urlHostOf(address: string): string {
  return isIP(address) === 6 ? `[${address.toLowerCase()}]` : address.toLowerCase()
}

/** Whether `hostname` (as parseHostAndPort returns it) is an IP address rather than a DNS name. */
export function isIpAddress(hostname: string): boolean {
  return isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0
}
