import { readdir, rm, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ExternalizedCheckpointRetention } from '../../config/options/checkpointing-options.js'
import { listCompletedCheckpoints } from './checkpoint-discovery.js'
import {
  METADATA_FILE_NAME, SHARED_STATE_DIR_NAME, TASK_OWNED_STATE_DIR_NAME, checkpointDirName, parseCheckpointDirName,
} from './checkpoint-storage-layout.js'
import { errnoOf, storageIo } from './storage-step.js'

/** The states a job ends in (mirrors the terminal JobStatus values; state/ may not import coordinator/). */
export type TerminalJobStatus = 'FINISHED' | 'FAILED' | 'CANCELED'

/**
 * Whether a job's completed checkpoints are deleted when it ends, per retention policy and final status (Flink's
 * CheckpointProperties: NEVER_RETAIN_AFTER_TERMINATION, RETAIN_ON_FAILURE, RETAIN_ON_CANCELLATION). A FINISHED job
 * has nothing to resume, so its checkpoints always go.
 */
export const DISCARD_ON_JOB_TERMINATION = {
  NO_EXTERNALIZED_CHECKPOINTS: { FINISHED: true, CANCELED: true, FAILED: true },
  DELETE_ON_CANCELLATION: { FINISHED: true, CANCELED: true, FAILED: false },
  RETAIN_ON_CANCELLATION: { FINISHED: true, CANCELED: false, FAILED: false },
} as const satisfies Record<ExternalizedCheckpointRetention, Record<TerminalJobStatus, boolean>>

/** The ids of completed checkpoints (newest first) that fall out of the newest `numRetained`. */
export function checkpointsToSubsume(completedIdsNewestFirst: readonly number[], numRetained: number): number[] {
  return completedIdsNewestFirst.slice(Math.max(1, numRetained))
}

/** What happened to a job's checkpoints when it ended. */
export interface TerminationOutcome {
  readonly isRetained: boolean
  /** Directories of the completed checkpoints kept for a later restore (newest first); empty when discarded. */
  readonly retainedCheckpointDirs: readonly string[]
  readonly discardedCheckpointIds: readonly number[]
}

/**
 * Deletes the checkpoints of one job that are no longer needed: completed ones beyond
 * `execution.checkpointing.num-retained` (subsumed), aborted ones, and all of them when the job ends unless
 * `execution.checkpointing.externalized-checkpoint-retention` keeps them. Savepoints are never touched.
 */
export class CheckpointRetention {
  readonly #jobDir: string
  readonly #numRetained: number
  readonly #externalizedRetention: ExternalizedCheckpointRetention

  constructor(options: {
    /** `<execution.checkpointing.dir>/<job-id>` (FileSystemCheckpointStorage.jobDir). */
    readonly jobDir: string
    /** `execution.checkpointing.num-retained` (at least 1). */
    readonly numRetained: number
    /** `execution.checkpointing.externalized-checkpoint-retention`. */
    readonly externalizedRetention: ExternalizedCheckpointRetention
  }) {
    this.#jobDir = options.jobDir
    this.#numRetained = options.numRetained
    this.#externalizedRetention = options.externalizedRetention
  }

  /** Deletes completed checkpoints older than the newest `num-retained`; call after each completed checkpoint. */
  async subsume(): Promise<number[]> {
    const completed = await listCompletedCheckpoints(this.#jobDir)
    const subsumed = checkpointsToSubsume(completed.map((pointer) => pointer.checkpointId), this.#numRetained)
    for (const checkpointId of subsumed) await this.#discard(checkpointId)
    return subsumed
  }

  /** Deletes the directory of a checkpoint that was aborted (declined, expired, failed while writing). */
  async discardAbortedCheckpoint(checkpointId: number): Promise<void> {
    await this.#discard(checkpointId)
  }

  /**
   * Applies the retention policy when the job ends: incomplete checkpoints are always deleted; completed ones are
   * deleted or kept per DISCARD_ON_JOB_TERMINATION. When all are deleted, the emptied job directory goes too.
   */
  async onJobTerminated(status: TerminalJobStatus): Promise<TerminationOutcome> {
    const completed = await listCompletedCheckpoints(this.#jobDir)
    const completedIds = new Set(completed.map((pointer) => pointer.checkpointId))
    for (const checkpointId of await this.#allCheckpointIds()) {
      if (!completedIds.has(checkpointId)) await this.#discard(checkpointId)
    }
    if (!DISCARD_ON_JOB_TERMINATION[this.#externalizedRetention][status]) {
      return { isRetained: true, retainedCheckpointDirs: completed.map((pointer) => pointer.checkpointDir), discardedCheckpointIds: [] }
    }
    for (const { checkpointId } of completed) await this.#discard(checkpointId)
    for (const dir of [SHARED_STATE_DIR_NAME, TASK_OWNED_STATE_DIR_NAME].map((name) => join(this.#jobDir, name))) {
      await removeIfEmpty(dir)
    }
    await removeIfEmpty(this.#jobDir)
    return { isRetained: false, retainedCheckpointDirs: [], discardedCheckpointIds: completed.map((pointer) => pointer.checkpointId) }
  }

  async #allCheckpointIds(): Promise<number[]> {
    try {
      return (await storageIo('list', this.#jobDir, () => readdir(this.#jobDir))).flatMap((name) => parseCheckpointDirName(name) ?? [])
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return []
      throw error
    }
  }

  async #discard(checkpointId: number): Promise<void> {
    const dir = join(this.#jobDir, checkpointDirName(checkpointId))
    // _metadata first: a process killed halfway through leaves an incomplete checkpoint, never one that looks complete
    await storageIo('delete', join(dir, METADATA_FILE_NAME), () => rm(join(dir, METADATA_FILE_NAME), { force: true }))
    await storageIo('delete', dir, () => rm(dir, { recursive: true, force: true }))
  }
}

// the job directory may hold other things (a user's files, state of a later feature): only an empty one is removed
async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await storageIo('delete', dir, () => rmdir(dir))
  } catch (error) {
    const code = errnoOf(error)
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
  }
}
