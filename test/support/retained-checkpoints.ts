import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** One `<checkpoints-dir>/<job-id>/chk-<n>` directory. */
export interface RetainedCheckpointDir {
  readonly jobId: string
  readonly checkpointId: number
  readonly path: string
  /** A checkpoint is complete iff its `_metadata` exists. */
  readonly isComplete: boolean
}

/** Every `chk-<n>` directory under a checkpoints dir (all jobs), oldest first; read straight from disk. */
export function listRetainedCheckpoints(checkpointsDir: string): RetainedCheckpointDir[] {
  if (!existsSync(checkpointsDir)) return []
  const dirs: RetainedCheckpointDir[] = []
  for (const jobId of readdirSync(checkpointsDir)) {
    let names: string[]
    try {
      names = readdirSync(join(checkpointsDir, jobId))
    } catch {
      continue // a file, or removed while listing
    }
    for (const name of names) {
      const match = /^chk-(\d+)$/.exec(name)
      if (match === null) continue
      const path = join(checkpointsDir, jobId, name)
      dirs.push({ jobId, checkpointId: Number(match[1]), path, isComplete: existsSync(join(path, '_metadata')) })
    }
  }
  return dirs.sort((a, b) => a.checkpointId - b.checkpointId)
}

/** The complete checkpoint with the highest id, if any. */
export function newestCompleteCheckpoint(checkpointsDir: string): RetainedCheckpointDir | undefined {
  return listRetainedCheckpoints(checkpointsDir).filter((dir) => dir.isComplete).at(-1)
}
