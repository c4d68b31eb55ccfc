import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ConfigOption } from '../../config/config-option.js'
import type { Configuration } from '../../config/configuration.js'
import { InvalidConfigValueError, type SluiceError } from '../../errors.js'

const URI_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i

/**
 * An absolute local path for a checkpoint or savepoint location given as a path or a `file://` URI; other schemes
 * (s3://, hdfs://) are rejected with the error `unsupportedScheme` builds.
 */
export function toLocalPath(pathOrUri: string, unsupportedScheme: (scheme: string) => SluiceError): string {
  const scheme = URI_SCHEME.exec(pathOrUri)?.[1]?.toLowerCase()
  if (scheme === 'file') return fileURLToPath(pathOrUri)
  if (scheme !== undefined) throw unsupportedScheme(scheme)
  return resolve(pathOrUri)
}

/**
 * Throws InvalidConfigValueError, naming where the value came from, unless the directory an option configures is a
 * local path or `file://` URI; checked at submission, as the savepoint directory is otherwise first used by a savepoint.
 */
export function checkLocalDirectoryOption(configuration: Configuration, option: ConfigOption<string | undefined>): void {
  const dir = configuration.get(option)
  if (dir === undefined) return
  toLocalPath(dir, (scheme) => new InvalidConfigValueError(option.key, dir,
    `a local path or file:// URI (${scheme}:// is not supported)`, configuration.originOf(option) ?? 'the configuration'))
}
