import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SluiceError } from '../../errors.js'

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
