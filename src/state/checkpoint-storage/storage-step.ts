import { access } from 'node:fs/promises'
import { CheckpointStorageIoError, CheckpointStorageTimeoutError, SluiceError } from '../../errors.js'

/**
 * Longest one file-system step of checkpoint storage (create a directory, list one, rename, fsync, delete a
 * checkpoint) may take. Such a step answers in milliseconds on a working file system, so a bound this generous only
 * ends waits that would never end (a hung network mount, a failing disk), and no setting of it would help there.
 */
export const STORAGE_STEP_TIMEOUT_MS = 60_000

/** Throughput below which reading or writing a state file counts as hung: 1 MiB/s, in bytes per millisecond. */
const MIN_BYTES_PER_MS = 1024 * 1024 / 1000

/** The bound of a step that moves `byteCount` bytes: the step timeout plus the time the slowest acceptable disk needs. */
export function storageStepTimeoutFor(byteCount: number): number {
  return STORAGE_STEP_TIMEOUT_MS + Math.ceil(byteCount / MIN_BYTES_PER_MS)
}

/**
 * Runs one file-system step of checkpoint storage and rejects with CheckpointStorageTimeoutError (naming the operation
 * and the path) when it has not settled within `timeoutMs`, so that a job fails instead of waiting forever. The step
 * itself cannot be abandoned: it may still complete later, and its outcome is then ignored.
 */
export function storageStep<T>(operation: string, path: string, step: () => Promise<T>,
  timeoutMs = STORAGE_STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckpointStorageTimeoutError(path, operation, timeoutMs)), timeoutMs)
  })
  return Promise.race([step(), timeout]).finally(() => clearTimeout(timer))
}

/** A bounded storageStep whose failure is a CheckpointStorageIoError naming the operation and path (errnoOf reads it). */
export async function storageIo<T>(operation: string, path: string, step: () => Promise<T>,
  timeoutMs = STORAGE_STEP_TIMEOUT_MS): Promise<T> {
  try {
    return await storageStep(operation, path, step, timeoutMs)
  } catch (error) {
    if (error instanceof SluiceError) throw error
    throw new CheckpointStorageIoError(path, operation, error)
  }
}

/** The errno code (e.g. 'ENOENT') behind a failed storageIo step; undefined for a timeout or anything else. */
export function errnoOf(error: unknown): string | undefined {
  return error instanceof CheckpointStorageIoError ? (error.cause as NodeJS.ErrnoException | undefined)?.code : undefined
}

/** Whether `path` exists; a file system that does not answer is a CheckpointStorageTimeoutError, not a "no". */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await storageStep('look up', path, () => access(path))
    return true
  } catch (error) {
    if (error instanceof CheckpointStorageTimeoutError) throw error
    return false
  }
}
