import { SluiceError } from '../errors.js'

/** An error a REST handler answers with an HTTP status and Flink's `{"errors":[...]}` body. */
export abstract class RestHandlerError extends SluiceError {
  abstract readonly httpStatus: 400 | 404 | 405
}

/** The request names a job, vertex, checkpoint, trigger or path that does not exist (HTTP 404). */
export class RestNotFoundError extends RestHandlerError {
  readonly code = 'SLUICE_REST_NOT_FOUND'
  readonly domain = 'user'
  readonly httpStatus = 404
}

/** A path or query parameter or the request body does not parse (HTTP 400). */
export class RestBadRequestError extends RestHandlerError {
  readonly code = 'SLUICE_REST_BAD_REQUEST'
  readonly domain = 'user'
  readonly httpStatus = 400
}

/** The path exists, but not for this HTTP method (HTTP 405). */
export class RestMethodNotAllowedError extends RestHandlerError {
  readonly code = 'SLUICE_REST_METHOD_NOT_ALLOWED'
  readonly domain = 'user'
  readonly httpStatus = 405
  constructor(readonly method: string, readonly path: string, readonly allowed: readonly string[]) {
    super(`Request method ${method} is not allowed for ${path}; allowed: ${allowed.join(', ')}.`)
  }
}

/** `rest.address`:`rest.port` is taken by another process. */
export class RestPortInUseError extends SluiceError {
  readonly code = 'SLUICE_REST_PORT_IN_USE'
  readonly domain = 'user'
  constructor(readonly address: string, readonly port: number) {
    super(`cannot serve the REST API at ${address}:${port}: the port is already in use (another 'sluice run'?); ` +
      `pass -D rest.port=0 to pick a free port, or -D rest.port=<another port>`)
  }
}

/** The REST server could not bind for another reason than a taken port (an address this machine does not have, no permission). */
export class RestBindFailedError extends SluiceError {
  readonly code = 'SLUICE_REST_BIND_FAILED'
  readonly domain = 'external'
  constructor(readonly address: string, readonly port: number, reason: string) {
    super(`cannot serve the REST API at ${address}:${port}: ${reason}; check rest.address and rest.port`)
  }
}
