import { constants } from 'node:fs'
import { type FileHandle, access, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CheckpointStorageIoError } from '../../errors.js'

// Errors a directory fsync raises where the platform cannot sync directories (Windows, some network filesystems);
// there the rename is as durable as the filesystem makes it and nothing more can be done.
const UNSUPPORTED_DIRECTORY_SYNC = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'ENOTSUP', 'EACCES'])

/** Writes a new file (never overwriting one) and fsyncs it before returning, so it is on disk before `_metadata` names it. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  let file: FileHandle | undefined
  try {
    file = await open(path, 'wx')
    await file.writeFile(bytes)
    await file.sync()
  } catch (error) {
    await file?.close().catch(() => undefined)
    if (file !== undefined) await rm(path, { force: true }).catch(() => undefined)
    throw new CheckpointStorageIoError(path, 'write', error)
  }
  try {
    await file.close()
  } catch (error) {
    throw new CheckpointStorageIoError(path, 'close', error)
  }
}

/**
 * Makes `<dir>/<fileName>` appear all at once or not at all: writes `<dir>/<tempFileName>`, fsyncs it, renames it
 * over the final name and fsyncs the directory (which also persists the entries of every file written there before).
 * Refuses to replace an existing file. A crash leaves at most the temporary file, which readers ignore.
 */
export async function writeFileAtomically(dir: string, fileName: string, tempFileName: string, bytes: Uint8Array): Promise<void> {
  const path = join(dir, fileName)
  if (await exists(path)) throw new CheckpointStorageIoError(path, 'write', 'the file already exists')
  const tempPath = join(dir, tempFileName)
  await writeFileDurably(tempPath, bytes)
  try {
    await rename(tempPath, path)
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined)
    throw new CheckpointStorageIoError(path, `rename '${tempPath}' to`, error)
  }
  await syncDirectory(dir)
}

/** Fsyncs a directory so that the files created, renamed or deleted in it survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (error) {
    if (!UNSUPPORTED_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) {
      throw new CheckpointStorageIoError(dir, 'sync directory', error)
    }
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK)
    return true
  } catch {
    return false
  }
}
