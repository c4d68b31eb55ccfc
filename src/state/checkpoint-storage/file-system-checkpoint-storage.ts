import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Configuration } from '../../config/configuration.js'
import {
  CHECKPOINTS_DIRECTORY, CREATE_CHECKPOINT_SUB_DIR, SAVEPOINT_DIRECTORY, SNAPSHOT_COMPRESSION,
} from '../../config/options/checkpointing-options.js'
import { InvalidConfigValueError } from '../../errors.js'
import type { CheckpointStorage, CheckpointStorageLocationReference } from './checkpoint-storage.js'
import {
  SHARED_STATE_DIR_NAME, TASK_OWNED_STATE_DIR_NAME, checkpointDirName, savepointDirName,
} from './checkpoint-storage-layout.js'
import { FileSystemCheckpointStorageLocation } from './file-system-checkpoint-storage-location.js'
import { checkLocalDirectoryOption, toLocalPath } from './local-path.js'
import { makeDirectories } from './make-directories.js'
import { storageIo } from './storage-step.js'

/** How one job's filesystem checkpoint storage is set up. */
export interface FileSystemCheckpointStorageOptions {
  /** `execution.checkpointing.dir`: a path or `file://` URI. */
  readonly checkpointsDir: string
  readonly jobId: string
  /** `execution.checkpointing.snapshot-compression`. */
  readonly isCompressionEnabled: boolean
  /** `execution.checkpointing.create-subdir`: whether checkpoints go under `<job-id>/` (default true). */
  readonly shouldCreateJobSubdir?: boolean
  /** Random hex of `byteCount` bytes (savepoint and temporary file names); tests inject a seeded one. */
  readonly randomHex?: (byteCount: number) => string
}

/** Flink's FsCheckpointStorageAccess: the `<dir>/<job-id>/chk-<n>` layout, used by the coordinator and the workers. */
export class FileSystemCheckpointStorage implements CheckpointStorage {
  /** `<execution.checkpointing.dir>/<job-id>`: where this job's `chk-<n>`, `shared/` and `taskowned/` live. */
  readonly jobDir: string
  readonly jobId: string
  readonly isCompressionEnabled: boolean
  readonly #randomHex: (byteCount: number) => string

  constructor(options: FileSystemCheckpointStorageOptions) {
    const baseDir = toLocalPath(options.checkpointsDir, (scheme) => new InvalidConfigValueError(CHECKPOINTS_DIRECTORY.key,
      options.checkpointsDir, `a local path or file:// URI (${scheme}:// is not supported)`, 'checkpoint storage'))
    this.jobDir = (options.shouldCreateJobSubdir ?? true) ? join(baseDir, options.jobId) : baseDir
    this.jobId = options.jobId
    this.isCompressionEnabled = options.isCompressionEnabled
    this.#randomHex = options.randomHex ?? ((byteCount) => randomBytes(byteCount).toString('hex'))
  }

  /** The job's storage as configured, or undefined while `execution.checkpointing.dir` is unset. */
  static fromConfiguration(config: Configuration, jobId: string,
    randomHex?: (byteCount: number) => string): FileSystemCheckpointStorage | undefined {
    const checkpointsDir = config.get(CHECKPOINTS_DIRECTORY)
    if (checkpointsDir === undefined) return undefined
    checkLocalDirectoryOption(config, CHECKPOINTS_DIRECTORY)
    return new FileSystemCheckpointStorage({
      checkpointsDir,
      jobId,
      isCompressionEnabled: config.get(SNAPSHOT_COMPRESSION),
      shouldCreateJobSubdir: config.get(CREATE_CHECKPOINT_SUB_DIR),
      ...(randomHex !== undefined ? { randomHex } : {}),
    })
  }

  /** `<job-id>/shared`: state several incremental checkpoints reference. */
  get sharedStateDir(): string {
    return join(this.jobDir, SHARED_STATE_DIR_NAME)
  }

  /** `<job-id>/taskowned`: state the tasks own. */
  get taskOwnedStateDir(): string {
    return join(this.jobDir, TASK_OWNED_STATE_DIR_NAME)
  }

  async initialize(): Promise<void> {
    for (const dir of [this.jobDir, this.sharedStateDir, this.taskOwnedStateDir]) await makeDirectory(dir, true)
  }

  async createCheckpointLocation(checkpointId: number): Promise<FileSystemCheckpointStorageLocation> {
    // not recursive: chk-<n> must be new (ids are never reused), and a missing job dir means initialize() was skipped
    const checkpointDir = join(this.jobDir, checkpointDirName(checkpointId))
    await makeDirectory(checkpointDir, false)
    return this.resolveLocation({ checkpointId, checkpointDir, isSavepoint: false })
  }

  async createSavepointLocation(checkpointId: number, targetDir: string): Promise<FileSystemCheckpointStorageLocation> {
    const parentDir = toLocalPath(targetDir, (scheme) => new InvalidConfigValueError(SAVEPOINT_DIRECTORY.key, targetDir,
      `a local path or file:// URI (${scheme}:// is not supported)`, 'savepoint request'))
    await makeDirectory(parentDir, true)
    const checkpointDir = join(parentDir, savepointDirName(this.jobId, this.#randomHex(6)))
    await makeDirectory(checkpointDir, false)
    return this.resolveLocation({ checkpointId, checkpointDir, isSavepoint: true })
  }

  resolveLocation(reference: CheckpointStorageLocationReference): FileSystemCheckpointStorageLocation {
    return new FileSystemCheckpointStorageLocation(reference,
      { isCompressionEnabled: this.isCompressionEnabled, randomHex: this.#randomHex })
  }
}

async function makeDirectory(dir: string, isRecursive: boolean): Promise<void> {
  await storageIo('create directory', dir, () => (isRecursive ? makeDirectories(dir) : mkdir(dir)))
}
