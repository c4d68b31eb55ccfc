/**
 * Every error Sluice raises is a SluiceError with a stable code and a domain.
 * The domain steers handling: `user` errors are the user's to fix (bad config, bad job),
 * `external` errors come from the outside world (files, servers), `internal` ones are Sluice bugs.
 * Codes are documented in docs/errors.md; a contract test keeps the two in sync.
 */
export type ErrorDomain = 'user' | 'external' | 'internal'

/** Base class of all errors thrown by Sluice. */
export abstract class SluiceError extends Error {
  abstract readonly code: string
  abstract readonly domain: ErrorDomain
  /** One line for a human: what went wrong, where, and how to fix it. */
  get oneLine(): string {
    return `${this.code}: ${this.message}`
  }
}

/** Raised for an unknown configuration key (`-D`, config.yaml). */
export class UnknownConfigKeyError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_UNKNOWN_KEY'
  readonly domain = 'user'
  constructor(readonly key: string, readonly origin: string, readonly suggestion?: string) {
    super(`unknown configuration key '${key}' (from ${origin})` +
      (suggestion !== undefined ? `; did you mean '${suggestion}'?` : '; see docs/config.md for the supported keys'))
  }
}

/** Raised for a configuration value that does not parse as its key's type or is out of range. */
export class InvalidConfigValueError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_INVALID_VALUE'
  readonly domain = 'user'
  constructor(readonly key: string, readonly value: string, readonly expected: string, readonly origin: string) {
    super(`invalid value '${value}' for configuration key '${key}' (from ${origin}): expected ${expected}`)
  }
}
