import { durationOption, integerOption, stringOption } from '../config-option.js'

/** `rest.address`: the address the REST server binds to and advertises. */
export const REST_ADDRESS = stringOption('rest.address', '127.0.0.1',
  'Address the REST server and dashboard bind to and advertise; Sluice defaults to loopback so that nothing is ' +
  'exposed to the network unless asked (Flink has no default).')

/** `rest.port`: the port of the REST server. */
export const REST_PORT = integerOption('rest.port', 8081,
  'Port of the REST server and dashboard; 0 picks a free port.', { min: 0, max: 65_535 })

/** `web.refresh-interval`: how often the dashboard polls the REST API. */
export const REFRESH_INTERVAL = durationOption('web.refresh-interval', 3000,
  'Interval at which the dashboard refreshes its data from the REST API.', { minMs: 1 })
