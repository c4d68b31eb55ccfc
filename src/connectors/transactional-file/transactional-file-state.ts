// What a TransactionalFileSink keeps in a checkpoint: the part files sealed for commit, and the part files still open.

/** One pre-committed part file: fsynced and closed under its hidden name, to be renamed to its visible one. */
export interface TransactionalFileCommittable {
  readonly pendingPath: string
  readonly finalPath: string
  /**
   * The part file's length when it was sealed: a restore that finds it committed at another length restored a
   * snapshot older than output committed since. Absent in checkpoints taken before part files rolled by policy.
   */
  readonly lengthBytes?: number
}

/**
 * The writer's state in a checkpoint (JSON): the part file open at that moment, of which the checkpoint covers the
 * first lengthBytes bytes, fsynced before the checkpoint was acknowledged. Bytes after them were written later: a
 * restore drops them, and their records are replayed.
 */
export interface TransactionalFileWriterState {
  readonly pendingPath: string
  readonly finalPath: string
  readonly lengthBytes: number
}
