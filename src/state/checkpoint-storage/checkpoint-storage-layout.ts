import { InvalidStateFileNameError } from '../../errors.js'

/**
 * Names of the directories and files of filesystem checkpoint storage, as Flink's FsCheckpointStorageAccess lays them
 * out. Pure: no I/O.
 *
 * ```
 * <execution.checkpointing.dir>/<job-id>/chk-<n>/_metadata      + the state files of checkpoint n
 *                                       /shared/                  state shared by incremental checkpoints
 *                                       /taskowned/               state owned by the tasks, never deleted by Sluice
 * <savepoint-dir>/savepoint-<first 6 hex of job id>-<12 random hex>/_metadata + its state files
 * ```
 */

/** Name of the file whose presence (and successful verification) makes a checkpoint complete. */
export const METADATA_FILE_NAME = '_metadata'
/** Directory beside the `chk-<n>` directories for state that several (incremental) checkpoints share. */
export const SHARED_STATE_DIR_NAME = 'shared'
/** Directory beside the `chk-<n>` directories for state the tasks own. */
export const TASK_OWNED_STATE_DIR_NAME = 'taskowned'

const CHECKPOINT_DIR_PREFIX = 'chk-'
const CHECKPOINT_DIR_PATTERN = /^chk-(0|[1-9]\d*)$/
const SAVEPOINT_DIR_PATTERN = /^savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/
// a leading '.' is reserved for temporary files, a leading '_' for _metadata and its kin
const STATE_FILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const MAX_STATE_FILE_NAME_LENGTH = 200

/** `chk-<n>`: the directory name of checkpoint `checkpointId`. */
export function checkpointDirName(checkpointId: number): string {
  return `${CHECKPOINT_DIR_PREFIX}${checkpointId}`
}

/** The checkpoint id of a `chk-<n>` directory name, or undefined for any other name. */
export function parseCheckpointDirName(name: string): number | undefined {
  const match = CHECKPOINT_DIR_PATTERN.exec(name)
  if (match === null) return undefined
  const id = Number(match[1])
  return Number.isSafeInteger(id) ? id : undefined
}

/** `savepoint-<first 6 hex of the job id>-<12 random hex>`, Flink's savepoint directory name. */
export function savepointDirName(jobId: string, randomHex12: string): string {
  return `savepoint-${jobId.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 6).padEnd(6, '0')}-${randomHex12}`
}

/** Whether a directory name is one savepointDirName produces. */
export function isSavepointDirName(name: string): boolean {
  return SAVEPOINT_DIR_PATTERN.test(name)
}

/** Name of the temporary file `_metadata` is written to before the atomic rename. */
export function metadataTempFileName(randomHex: string): string {
  return `.${METADATA_FILE_NAME}.${randomHex}.inprogress`
}

/** Whether `fileName` is a plain name that stays inside its checkpoint directory and cannot clash with `_metadata`. */
export function isValidStateFileName(fileName: string): boolean {
  return STATE_FILE_NAME_PATTERN.test(fileName) && fileName.length <= MAX_STATE_FILE_NAME_LENGTH
}

/** Throws unless isValidStateFileName(fileName). */
export function checkStateFileName(fileName: string): void {
  if (!isValidStateFileName(fileName)) throw new InvalidStateFileNameError(fileName)
}
