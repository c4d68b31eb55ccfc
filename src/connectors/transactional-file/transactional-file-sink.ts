import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type {
  PrecommittingSinkWriter, SinkWriterContext, StatefulSink, StatefulSinkWriter, TwoPhaseCommittingSink,
} from '../../api/sink.js'
import { ConnectorFileError, InvalidConnectorArgumentError } from '../../errors.js'
import { type Clock, systemClock } from '../../util/clock.js'
import { DefaultRollingPolicy, type RollingPolicyOptions } from './default-rolling-policy.js'
import { isValidPartId, nextPartSequence } from './part-file-name.js'
import { TransactionalFileCommitter } from './transactional-file-committer.js'
import type { TransactionalFileCommittable, TransactionalFileWriterState } from './transactional-file-state.js'
import { TransactionalFileWriter } from './transactional-file-writer.js'

const CONNECTOR = 'TransactionalFileSink'

/** Options of a TransactionalFileSink. */
export interface TransactionalFileSinkOptions {
  /** Creates the id that tells one writer's hidden files from another attempt's (letters and digits); random by default. */
  readonly createPartId?: () => string
  /** When part files roll (Flink's DefaultRollingPolicy): 128 MiB, 60 s since opened, 60 s since the last record by default. */
  readonly rollingPolicy?: RollingPolicyOptions
  /** Times the part files' age and inactivity; the system clock by default (tests pass a ManualClock). */
  readonly clock?: Clock
}

/** What a TransactionalFileSink's writer is to the runtime: it pre-commits rolled part files and records the open one. */
export type TransactionalFileSinkWriter<T> =
  PrecommittingSinkWriter<T, TransactionalFileCommittable> & StatefulSinkWriter<T, TransactionalFileWriterState>

/**
 * Writes records as JSON lines into a directory, exactly once (Flink's FileSink, two-phase commit):
 * each subtask writes hidden part files (`.part-<subtask>-<partId>-<sequence>.inprogress`) and rolls them
 * by its rolling policy; the next checkpoint pre-commits the rolled ones and its completion renames them to
 * `part-<subtask>-<sequence>.jsonl`. A part file still open at a checkpoint is recorded with its length; a
 * restore commits that much of it. Readers must skip names starting with a dot. Sequences continue those
 * in the directory, so a restart never reuses the name of a committed file.
 */
export class TransactionalFileSink<T>
implements TwoPhaseCommittingSink<T, TransactionalFileCommittable>, StatefulSink<T, TransactionalFileWriterState> {
  readonly dir: string
  readonly #createPartId: () => string
  readonly #rollingPolicy: DefaultRollingPolicy
  readonly #clock: Clock
  // hidden files opened through this instance and not committed yet, guarded against abortUncommitted
  readonly #livePaths = new Set<string>()

  constructor(dir: string, options: TransactionalFileSinkOptions = {}) {
    if (typeof dir !== 'string' || dir === '') {
      throw new InvalidConnectorArgumentError(CONNECTOR, `the directory must be a non-empty path, got ${JSON.stringify(dir)}`)
    }
    // committables carry absolute paths: they outlive this process's working directory in a checkpoint
    this.dir = resolve(dir)
    this.#createPartId = options.createPartId ?? (() => randomBytes(4).toString('hex'))
    this.#rollingPolicy = new DefaultRollingPolicy(options.rollingPolicy)
    this.#clock = options.clock ?? systemClock
  }

  createWriter(context: SinkWriterContext): TransactionalFileSinkWriter<T> {
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
      rollingPolicy: this.#rollingPolicy,
      clock: this.#clock,
    })
  }

  /**
   * Commits what the restored snapshot recorded of the part files that were open (their records are not replayed),
   * then starts a writer with a new part file, as Flink does for a file system that cannot resume a file: one more
   * part file per restore, and no file is ever written by two attempts.
   */
  restoreWriter(context: SinkWriterContext, recoveredState: readonly TransactionalFileWriterState[]): TransactionalFileSinkWriter<T> {
    this.createCommitter().commitRecordedPrefixes(recoveredState)
    return this.createWriter(context)
  }

  createCommitter(): TransactionalFileCommitter {
    return new TransactionalFileCommitter(this.dir, this.#livePaths)
  }
}
