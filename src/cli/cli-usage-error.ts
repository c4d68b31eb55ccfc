import { SluiceError } from '../errors.js'

/** The command line is wrong: unknown command or flag, missing job file, bad flag value. */
export class CliUsageError extends SluiceError {
  readonly code = 'SLUICE_CLI_USAGE'
  readonly domain = 'user'
  constructor(detail: string) {
    super(`${detail} (see 'sluice --help')`)
  }
}
