import { durationOption, integerOption, listOption, noDefault, nonEmpty, stringOption } from '../config-option.js'
import { parseHostAndPort } from '../../util/host-and-port.js'

/** `rest.address`: the address the REST server binds to and advertises. */
export const REST_ADDRESS = stringOption('rest.address', '127.0.0.1',
  'Address the REST server and dashboard bind to and advertise; Sluice defaults to loopback so that nothing is ' +
  'exposed to the network unless asked (Flink has no default).')
  .withCheck(nonEmpty('an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every interface'))

/** `rest.port`: the port of the REST server. */
export const REST_PORT = integerOption('rest.port', 8081,
  'Port of the REST server and dashboard; 0 picks a free port.', { min: 0, max: 65_535 })

/** `rest.allowed-hosts` (Sluice's addition): further names the REST server answers to in the Host header. */
export const REST_ALLOWED_HOSTS = listOption('rest.allowed-hosts', [],
  'Sluice addition (Flink has no such key): further Host header names the REST server answers, besides 127.0.0.1, ' +
  'localhost, [::1] and rest.address at rest.port (and any IP address at rest.port when rest.address is 0.0.0.0 or ' +
  "::); an entry is a name (at any port, e.g. behind a reverse proxy), name:port, or '*' for any host, and other " +
  'names are refused with 403 so that a DNS-rebinding web page cannot reach the API (docs/rest.md, Security).')
  .withDocDefault('(empty)')
  .withCheck((entries) => {
    const bad = entries.find((entry) => entry !== '*' && parseHostAndPort(entry) === undefined)
    return bad === undefined ? undefined : `host names or addresses, optionally with :port ([::1]:8081 for IPv6), or '*'; '${bad}' is neither`
  })

/** `web.access-control-allow-origin`: the web origin allowed to call the REST API from a browser (CORS). */
export const ACCESS_CONTROL_ALLOW_ORIGIN = stringOption('web.access-control-allow-origin', noDefault,
  "Origin of the web application allowed to call the REST API from a browser (e.g. 'http://grafana.example:3000'), " +
  "or '*' for any web page, sent as Access-Control-Allow-Origin with preflight requests answered; unset, no CORS " +
  "header is sent and requests from web pages of other origins are refused, unlike Flink's default '*', which " +
  'lets any web page in your browser take savepoints or stop jobs (docs/rest.md, Security).')
  .withDocDefault('(none: same origin only; Flink: `*`)')
  .withCheck((value) => (value === '*' || isOrigin(value) ? undefined
    : "'*' or an origin: scheme, host and optional port, without a path or trailing slash (http://host:3000)"))

/** `web.refresh-interval`: how often the dashboard polls the REST API. */
export const REFRESH_INTERVAL = durationOption('web.refresh-interval', 3000,
  'Interval at which the dashboard refreshes its data from the REST API.', { minMs: 1 })

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value
  } catch {
    return false
  }
}
