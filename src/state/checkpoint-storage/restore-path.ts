import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CheckpointStorageIoError, InvalidRestorePathError } from '../../errors.js'
import type { CheckpointMetadata } from './checkpoint-metadata.js'
import { readMetadata } from './checkpoint-reader.js'
import { METADATA_FILE_NAME, parseCheckpointDirName } from './checkpoint-storage-layout.js'
import { toLocalPath } from './local-path.js'

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
  const names = await listDirectory(path)
  if (names.includes(METADATA_FILE_NAME)) return { checkpointDir: path, metadata: await readMetadata(path) }
  const checkpointId = parseCheckpointDirName(basename(path))
  if (checkpointId !== undefined) {
    throw new InvalidRestorePathError(pathOrUri, `checkpoint ${checkpointId} never completed (it has no ${METADATA_FILE_NAME})`)
  }
  const checkpointIds = names.flatMap((name) => parseCheckpointDirName(name) ?? [])
  if (checkpointIds.length > 0) {
    throw new InvalidRestorePathError(pathOrUri, 'it is the checkpoint directory of a whole job; pick one of its ' +
      `checkpoints, e.g. ${join(path, `chk-${Math.max(...checkpointIds)}`)}`)
  }
  throw new InvalidRestorePathError(pathOrUri, `the directory holds no ${METADATA_FILE_NAME} file`)
}

async function kindOf(path: string, given: string): Promise<'file' | 'directory'> {
  try {
    const stats = await stat(path)
    if (stats.isDirectory()) return 'directory'
    if (stats.isFile()) return 'file'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InvalidRestorePathError(given, 'it does not exist')
    throw new CheckpointStorageIoError(path, 'read', error)
  }
  throw new InvalidRestorePathError(given, 'it is neither a file nor a directory')
}

async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (error) {
    throw new CheckpointStorageIoError(path, 'list', error)
  }
}
