import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CorruptCheckpointError } from '../../errors.js'
import type { CheckpointMetadata } from './checkpoint-metadata.js'
import { verifyCheckpoint } from './checkpoint-reader.js'
import { METADATA_FILE_NAME, parseCheckpointDirName } from './checkpoint-storage-layout.js'
import { errnoOf, pathExists, storageIo } from './storage-step.js'

/** A `chk-<n>` directory of a job whose `_metadata` exists (not yet verified). */
export interface CompletedCheckpointPointer {
  readonly checkpointId: number
  readonly checkpointDir: string
}

/** A checkpoint whose metadata and every state file verified. */
export interface RestorableCheckpoint extends CompletedCheckpointPointer {
  readonly metadata: CheckpointMetadata
}

/** The outcome of looking for the checkpoint to restore from. */
export interface RestorableCheckpointSearch {
  /** The newest checkpoint that fully verified; undefined when there is none. */
  readonly checkpoint: RestorableCheckpoint | undefined
  /** One line per newer checkpoint that was skipped, naming the corrupt or missing file. */
  readonly warnings: readonly string[]
}

/**
 * The completed checkpoints of a job directory, newest first: `chk-<n>` directories whose `_metadata` exists.
 * Directories without `_metadata` (in progress, aborted, crashed before the rename) are not listed.
 */
export async function listCompletedCheckpoints(jobDir: string): Promise<CompletedCheckpointPointer[]> {
  let names: string[]
  try {
    names = await storageIo('list', jobDir, () => readdir(jobDir))
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return []
    throw error
  }
  const candidates = names.flatMap((name) => {
    const checkpointId = parseCheckpointDirName(name)
    return checkpointId === undefined ? [] : [{ checkpointId, checkpointDir: join(jobDir, name) }]
  })
  const completed: CompletedCheckpointPointer[] = []
  for (const candidate of candidates) {
    if (await pathExists(join(candidate.checkpointDir, METADATA_FILE_NAME))) completed.push(candidate)
  }
  return completed.sort((a, b) => b.checkpointId - a.checkpointId)
}

/**
 * The newest checkpoint of a job directory whose metadata and every referenced state file verify; a corrupt one is
 * skipped with a warning and the previous one tried. Errors other than corruption (permissions, I/O) are thrown:
 * silently restoring older state because a disk hiccuped would lose progress without need.
 */
export async function findLatestRestorableCheckpoint(jobDir: string): Promise<RestorableCheckpointSearch> {
  const warnings: string[] = []
  for (const pointer of await listCompletedCheckpoints(jobDir)) {
    try {
      return { checkpoint: { ...pointer, metadata: await verifyCheckpoint(pointer.checkpointDir) }, warnings }
    } catch (error) {
      if (!(error instanceof CorruptCheckpointError)) throw error
      warnings.push(`skipped checkpoint ${pointer.checkpointId}: ${error.message}`)
    }
  }
  return { checkpoint: undefined, warnings }
}
