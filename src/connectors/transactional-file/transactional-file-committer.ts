import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { AbortUncommittedContext, Committer } from '../../api/sink.js'
import { ConnectorFileError } from '../../errors.js'
import { parseInProgressPartName } from './part-file-name.js'

const CONNECTOR = 'TransactionalFileSink'

/** One pre-committed part file: fsynced and closed under its hidden name, to be renamed to its visible one. */
export interface TransactionalFileCommittable {
  readonly pendingPath: string
  readonly finalPath: string
}

/**
 * Commits part files by renaming them from their hidden to their visible name (atomic on one file
 * system), and deletes the hidden leftovers of attempts that never reached a completed checkpoint.
 */
export class TransactionalFileCommitter implements Committer<TransactionalFileCommittable> {
  /**
   * @param dir the sink's directory
   * @param livePaths the hidden files that writers of this sink instance opened and that are not committed
   *   yet: never aborted, should a runtime abort after it created a writer; commit forgets them
   */
  constructor(private readonly dir: string, private readonly livePaths: Set<string> = new Set()) {}

  commit(committables: readonly TransactionalFileCommittable[]): void {
    const renamedIn = new Set<string>()
    for (const { pendingPath, finalPath } of committables) {
      // no pending file: committed before (its final name exists) or consumed since; both are done
      if (!existsSync(pendingPath)) continue
      // names come from nextPartSequence, so a final file that exists beside its pending one is a bug:
      // fail rather than overwrite committed output
      if (existsSync(finalPath)) {
        throw new ConnectorFileError(CONNECTOR, finalPath, 'write',
          `cannot commit '${basename(pendingPath)}': its final name is taken by another committed part file`)
      }
      try {
        renameSync(pendingPath, finalPath)
      } catch (thrown) {
        throw new ConnectorFileError(CONNECTOR, finalPath, 'write', thrown)
      }
      this.livePaths.delete(pendingPath)
      renamedIn.add(dirname(finalPath))
    }
    for (const dir of renamedIn) syncDirectory(dir)
  }

  /**
   * Deletes the hidden part files of this subtask index, and of the indices ≥ parallelism that map to it
   * (left by a run at a higher parallelism), except the restored committables.
   */
  abortUncommitted({ subtaskIndex, parallelism, restoredCommittables }: AbortUncommittedContext<TransactionalFileCommittable>): void {
    const restoredNames = new Set(restoredCommittables.map((committable) => basename(committable.pendingPath)))
    for (const fileName of this.#listDirectory()) {
      const part = parseInProgressPartName(fileName)
      if (part === undefined || restoredNames.has(fileName)) continue
      const isOwned = part.subtaskIndex === subtaskIndex ||
        (part.subtaskIndex >= parallelism && part.subtaskIndex % parallelism === subtaskIndex)
      const path = join(this.dir, fileName)
      if (!isOwned || this.livePaths.has(path)) continue
      try {
        rmSync(path, { force: true })
      } catch (thrown) {
        throw new ConnectorFileError(CONNECTOR, path, 'write', thrown)
      }
    }
  }

  #listDirectory(): string[] {
    try {
      return readdirSync(this.dir)
    } catch (thrown) {
      // nothing was ever written here
      if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new ConnectorFileError(CONNECTOR, this.dir, 'read', thrown)
    }
  }
}

// a rename is durable only once its directory is
function syncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch (thrown) {
    throw new ConnectorFileError(CONNECTOR, dir, 'write', thrown)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
