import { type FileHandle, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CheckpointStorageIoError, CheckpointStorageTimeoutError } from '../../errors.js'
import { errnoOf, pathExists, storageIo, storageStepTimeoutFor } from './storage-step.js'

// Errors a directory fsync raises where the platform cannot sync directories (Windows, some network filesystems);
// there the rename is as durable as the filesystem makes it and nothing more can be done.
const UNSUPPORTED_DIRECTORY_SYNC = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'ENOTSUP', 'EACCES'])

/** Writes a new file (never overwriting one) and fsyncs it before returning, so it is on disk before `_metadata` names it. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const opened: { file?: FileHandle } = {}
  try {
    await storageIo('write', path, async () => {
      opened.file = await open(path, 'wx')
      await opened.file.writeFile(bytes)
      await opened.file.sync()
    }, storageStepTimeoutFor(bytes.length))
  } catch (error) {
    // only a file this call created is removed: 'wx' fails on someone else's
    return cleanUpAfter(error, async () => {
      if (opened.file === undefined) return
      await opened.file.close().catch(() => undefined)
      await rm(path, { force: true })
    })
  }
  await storageIo('close', path, () => opened.file!.close())
}

/**
 * Makes `<dir>/<fileName>` appear all at once or not at all: writes `<dir>/<tempFileName>`, fsyncs it, renames it
 * over the final name and fsyncs the directory (which also persists the entries of every file written there before).
 * Refuses to replace an existing file. A crash leaves at most the temporary file, which readers ignore.
 */
export async function writeFileAtomically(dir: string, fileName: string, tempFileName: string, bytes: Uint8Array): Promise<void> {
  const path = join(dir, fileName)
  if (await pathExists(path)) throw new CheckpointStorageIoError(path, 'write', 'the file already exists')
  const tempPath = join(dir, tempFileName)
  await writeFileDurably(tempPath, bytes)
  try {
    await storageIo(`rename '${tempPath}' to`, path, () => rename(tempPath, path))
  } catch (error) {
    return cleanUpAfter(error, () => rm(tempPath, { force: true }))
  }
  await syncDirectory(dir)
}

/** Fsyncs a directory so that the files created, renamed or deleted in it survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    await storageIo('sync directory', dir, async () => {
      const handle = await open(dir, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close().catch(() => undefined)
      }
    })
  } catch (error) {
    if (!UNSUPPORTED_DIRECTORY_SYNC.has(errnoOf(error) ?? '')) throw error
  }
}

/** Rethrows the error of a failed step after a best-effort clean-up, which is not awaited where the file system hangs. */
async function cleanUpAfter(error: unknown, cleanUp: () => Promise<unknown>): Promise<never> {
  const cleaned = cleanUp().catch(() => undefined)
  if (!(error instanceof CheckpointStorageTimeoutError)) await cleaned
  throw error
}
