import { closeSync, copyFileSync, existsSync, fsyncSync, ftruncateSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { AbortUncommittedContext, Committer } from '../../api/sink.js'
import { ConnectorFileError, PartFileMismatchError } from '../../errors.js'
import { parseHiddenPartName, recoveringPartName } from './part-file-name.js'
import type { TransactionalFileCommittable, TransactionalFileWriterState } from './transactional-file-state.js'

const CONNECTOR = 'TransactionalFileSink'

/**
 * Commits part files by renaming them from their hidden to their visible name (atomic on one file
 * system), commits at a restore what the restored snapshot recorded of part files still open, and
 * deletes the hidden leftovers of attempts that never reached a completed checkpoint.
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
    for (const { pendingPath, finalPath, lengthBytes } of committables) {
      // no pending file: committed before (its final name exists) or consumed since; both are done
      if (!existsSync(pendingPath)) {
        if (lengthBytes !== undefined) isCommittedAt(finalPath, lengthBytes)
        continue
      }
      // names come from nextPartSequence, so a final file that exists beside its pending one is a bug:
      // fail rather than overwrite committed output
      if (existsSync(finalPath)) {
        throw new ConnectorFileError(CONNECTOR, finalPath, 'write',
          `cannot commit '${basename(pendingPath)}': its final name is taken by another committed part file`)
      }
      rename(pendingPath, finalPath)
      this.livePaths.delete(pendingPath)
      renamedIn.add(dirname(finalPath))
    }
    for (const dir of renamedIn) syncDirectory(dir)
  }

  /**
   * Commits, for a subtask that resumes from a checkpoint or savepoint, the part files that were still open when it
   * was taken: the first lengthBytes bytes of each hold the records it covers, which will not be replayed; the rest
   * was written after it. The prefix is copied, never truncated in place: the in-progress file stays intact until its
   * copy is committed, so a restore cut off half-way is simply repeated, and a writer of the failed attempt that may
   * still be writing cannot reach the committed file. Idempotent, like commit.
   */
  commitRecordedPrefixes(states: readonly TransactionalFileWriterState[]): void {
    for (const { pendingPath, finalPath, lengthBytes } of states) {
      if (isCommittedAt(finalPath, lengthBytes)) {
        // by an earlier restore of this snapshot, cut off before it deleted the in-progress file
        removeFile(pendingPath)
        continue
      }
      const pendingBytes = sizeOf(pendingPath)
      // neither file: consumed since it was committed (as for commit)
      if (pendingBytes === undefined) continue
      if (pendingBytes < lengthBytes) throw new PartFileMismatchError(CONNECTOR, pendingPath, lengthBytes, pendingBytes)
      const pendingName = parseHiddenPartName(basename(pendingPath))
      if (pendingName?.kind !== 'in-progress') {
        throw new ConnectorFileError(CONNECTOR, pendingPath, 'read', 'the restored state names no in-progress part file')
      }
      const recoveringPath = join(dirname(pendingPath), recoveringPartName(pendingName))
      copyPrefix(pendingPath, recoveringPath, lengthBytes)
      rename(recoveringPath, finalPath)
      syncDirectory(dirname(finalPath))
      removeFile(pendingPath)
    }
  }

  /**
   * Deletes the hidden part files of this subtask index, and of the indices ≥ parallelism that map to it
   * (left by a run at a higher parallelism), except the restored committables.
   */
  abortUncommitted({ subtaskIndex, parallelism, restoredCommittables }: AbortUncommittedContext<TransactionalFileCommittable>): void {
    const restoredNames = new Set(restoredCommittables.map((committable) => basename(committable.pendingPath)))
    for (const fileName of this.#listDirectory()) {
      const part = parseHiddenPartName(fileName)
      if (part === undefined || restoredNames.has(fileName)) continue
      const isOwned = part.subtaskIndex === subtaskIndex ||
        (part.subtaskIndex >= parallelism && part.subtaskIndex % parallelism === subtaskIndex)
      const path = join(this.dir, fileName)
      if (!isOwned || this.livePaths.has(path)) continue
      removeFile(path)
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

/**
 * Whether the part file is committed; it must then hold the bytes a snapshot recorded, or the snapshot is older than
 * output committed since, and restoring it would repeat or lose rows.
 */
function isCommittedAt(finalPath: string, lengthBytes: number): boolean {
  const committedBytes = sizeOf(finalPath)
  if (committedBytes === undefined) return false
  if (committedBytes !== lengthBytes) throw new PartFileMismatchError(CONNECTOR, finalPath, lengthBytes, committedBytes)
  return true
}

/** The size of a file; undefined when there is none. */
function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size
  } catch (thrown) {
    if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ConnectorFileError(CONNECTOR, path, 'read', thrown)
  }
}

// copies the whole file (a reflink or an in-kernel copy), then cuts it: fewer calls than copying lengthBytes by hand
function copyPrefix(from: string, to: string, lengthBytes: number): void {
  let fd: number | undefined
  try {
    copyFileSync(from, to)
    fd = openSync(to, 'r+')
    ftruncateSync(fd, lengthBytes)
    fsyncSync(fd)
  } catch (thrown) {
    throw new ConnectorFileError(CONNECTOR, to, 'write', thrown)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function rename(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (thrown) {
    throw new ConnectorFileError(CONNECTOR, to, 'write', thrown)
  }
}

function removeFile(path: string): void {
  try {
    rmSync(path, { force: true })
  } catch (thrown) {
    throw new ConnectorFileError(CONNECTOR, path, 'write', thrown)
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
