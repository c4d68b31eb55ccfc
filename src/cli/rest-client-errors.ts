import { SluiceError } from '../errors.js'

/** Nothing answers at the address given with -m (no `sluice run` there, or it already exited). */
export class RestUnreachableError extends SluiceError {
  readonly code = 'SLUICE_REST_UNREACHABLE'
  readonly domain = 'external'
  constructor(readonly address: string, reason: string) {
    super(`nothing is listening at ${address} (${reason}): is 'sluice run' still running? It prints its address at start ` +
      `('REST API at http://...'); pass it with -m host:port`)
  }
}

/** The REST API at -m has no job with the id given. */
export class UnknownJobError extends SluiceError {
  readonly code = 'SLUICE_REST_UNKNOWN_JOB'
  readonly domain = 'user'
  constructor(readonly jobId: string, readonly address: string) {
    super(`no job ${jobId} at ${address}; 'sluice list -a -m ${address}' shows the jobs there`)
  }
}

/** The REST API answered a request with an error that is not a missing job (a bad request, a server error, a non-JSON answer). */
export class RestRequestFailedError extends SluiceError {
  readonly code = 'SLUICE_REST_REQUEST_FAILED'
  readonly domain = 'external'
  constructor(readonly address: string, readonly httpStatus: number, detail: string) {
    super(`the REST API at ${address} answered ${httpStatus}: ${detail}`)
  }
}
