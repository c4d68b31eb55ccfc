import { readdir, stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { InvalidRestorePathError } from '../../errors.js'
import { findLatestRestorableCheckpoint } from './checkpoint-discovery.js'
import type { CheckpointMetadata } from './checkpoint-metadata.js'
import { readMetadata } from './checkpoint-reader.js'
import { METADATA_FILE_NAME, parseCheckpointDirName } from './checkpoint-storage-layout.js'
import { toLocalPath } from './local-path.js'
import { errnoOf, storageIo } from './storage-step.js'

/** A checkpoint or savepoint a job can be restored from, with its verified metadata. */
export interface ResolvedRestorePath {
  /** The directory holding `_metadata` and the state files. */
  readonly checkpointDir: string
  readonly metadata: CheckpointMetadata
}

/**
 * Resolves what a user gave to restore from (`-s`): a `chk-<n>` directory, a savepoint directory or the `_metadata`
 * file in either, as a path or `file://` URI. Any directory holding `_metadata` is accepted, because savepoints may be
 * moved and renamed. Throws InvalidRestorePathError for anything else, CorruptCheckpointError if `_metadata` does not
 * verify.
 */
export async function resolveRestorePath(pathOrUri: string): Promise<ResolvedRestorePath> {
  const path = toLocalPath(pathOrUri,
    (scheme) => new InvalidRestorePathError(pathOrUri, `${scheme}:// is not supported, only local paths and file:// URIs`))
  const kind = await kindOf(path, pathOrUri)
  if (kind === 'file') {
    if (basename(path) !== METADATA_FILE_NAME) {
      throw new InvalidRestorePathError(pathOrUri, `it is a file, but not a ${METADATA_FILE_NAME} file`)
    }
    return { checkpointDir: dirname(path), metadata: await readMetadata(dirname(path)) }
  }
  const names = await storageIo('list', path, () => readdir(path))
  if (names.includes(METADATA_FILE_NAME)) return { checkpointDir: path, metadata: await readMetadata(path) }
  const checkpointId = parseCheckpointDirName(basename(path))
  if (checkpointId !== undefined) {
    throw new InvalidRestorePathError(pathOrUri, `checkpoint ${checkpointId} never completed (it has no ${METADATA_FILE_NAME})`)
  }
  if (names.some((name) => parseCheckpointDirName(name) !== undefined)) {
    throw new InvalidRestorePathError(pathOrUri, `it is the checkpoint directory of a whole job; ${await suggestCheckpointOf(path)}`)
  }
  throw new InvalidRestorePathError(pathOrUri, `the directory holds no ${METADATA_FILE_NAME} file`)
}

/** Points from a job directory to its newest checkpoint that verifies, or says why none can be restored. */
async function suggestCheckpointOf(jobDir: string): Promise<string> {
  const { checkpoint, warnings } = await findLatestRestorableCheckpoint(jobDir)
  if (checkpoint !== undefined) {
    return `pick one of its checkpoints, e.g. ${checkpoint.checkpointDir}` +
      (warnings.length === 0 ? '' : `, the newest that verifies (${warnings.join('; ')})`)
  }
  if (warnings.length === 0) return `none of its checkpoints completed (no chk-<n> holds ${METADATA_FILE_NAME}), so there is nothing to restore here`
  return `none of its completed checkpoints verifies, so there is nothing to restore here: ${warnings.join('; ')}`
}

async function kindOf(path: string, given: string): Promise<'file' | 'directory'> {
  let stats
  try {
    stats = await storageIo('look up', path, () => stat(path))
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new InvalidRestorePathError(given, 'it does not exist')
    throw error
  }
  if (stats.isDirectory()) return 'directory'
  if (stats.isFile()) return 'file'
  throw new InvalidRestorePathError(given, 'it is neither a file nor a directory')
}
