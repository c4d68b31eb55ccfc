import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { PrecommittingSinkWriter, SinkWriterContext, TwoPhaseCommittingSink } from '../../api/sink.js'
import { ConnectorFileError, InvalidConnectorArgumentError } from '../../errors.js'
import { isValidPartId, nextPartSequence } from './part-file-name.js'
import { type TransactionalFileCommittable, TransactionalFileCommitter } from './transactional-file-committer.js'
import { TransactionalFileWriter } from './transactional-file-writer.js'

const CONNECTOR = 'TransactionalFileSink'

/** Options of a TransactionalFileSink. */
export interface TransactionalFileSinkOptions {
  /** Creates the id that tells one writer's hidden files from another attempt's (letters and digits); random by default. */
  readonly createPartId?: () => string
}

/**
 * Writes records as JSON lines into a directory, exactly once (Flink's FileSink, two-phase commit):
 * each subtask writes hidden part files (`.part-<subtask>-<partId>-<sequence>.inprogress`), a checkpoint
 * seals them, and its completion renames them to `part-<subtask>-<sequence>.jsonl`. Readers must skip
 * names starting with a dot. Sequences continue those in the directory, so a restart never reuses the
 * name of a committed file.
 */
export class TransactionalFileSink<T> implements TwoPhaseCommittingSink<T, TransactionalFileCommittable> {
  readonly dir: string
  readonly #createPartId: () => string
  // hidden files opened through this instance and not committed yet, guarded against abortUncommitted
  readonly #livePaths = new Set<string>()

  constructor(dir: string, options: TransactionalFileSinkOptions = {}) {
    if (typeof dir !== 'string' || dir === '') {
      throw new InvalidConnectorArgumentError(CONNECTOR, `the directory must be a non-empty path, got ${JSON.stringify(dir)}`)
    }
    // committables carry absolute paths: they outlive this process's working directory in a checkpoint
    this.dir = resolve(dir)
    this.#createPartId = options.createPartId ?? (() => randomBytes(4).toString('hex'))
  }

  createWriter(context: SinkWriterContext): PrecommittingSinkWriter<T, TransactionalFileCommittable> {
    const partId = this.#createPartId()
    if (!isValidPartId(partId)) {
      throw new InvalidConnectorArgumentError(CONNECTOR, `createPartId must return letters and digits only, got ${JSON.stringify(partId)}`)
    }
    let fileNames: string[]
    try {
      mkdirSync(this.dir, { recursive: true })
      fileNames = readdirSync(this.dir)
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, this.dir, 'open', thrown)
    }
    return new TransactionalFileWriter<T>({
      dir: this.dir,
      subtaskIndex: context.subtaskIndex,
      partId,
      firstSequence: nextPartSequence(fileNames, context.subtaskIndex),
      livePaths: this.#livePaths,
    })
  }

  createCommitter(): TransactionalFileCommitter {
    return new TransactionalFileCommitter(this.dir, this.#livePaths)
  }
}
