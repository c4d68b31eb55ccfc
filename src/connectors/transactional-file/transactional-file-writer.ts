import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { PrecommittingSinkWriter } from '../../api/sink.js'
import { ConnectorFileError } from '../../errors.js'
import { committedPartName, inProgressPartName } from './part-file-name.js'
import type { TransactionalFileCommittable } from './transactional-file-committer.js'

const CONNECTOR = 'TransactionalFileSink'

// lines are written once this many characters are buffered: few, large writeSync calls
const FLUSH_THRESHOLD_CHARS = 256 * 1024

/** Where a writer puts its part files and how it names them. */
export interface TransactionalFileWriterOptions {
  readonly dir: string
  readonly subtaskIndex: number
  /** Tells this writer's hidden files apart from those of other attempts. */
  readonly partId: string
  /** The sequence of the writer's first part file (nextPartSequence of the directory). */
  readonly firstSequence: number
  /** Shared with the sink's committers: the hidden files not to abort. */
  readonly livePaths: Set<string>
}

/** The part file being written: hidden until committed. */
interface OpenPart {
  readonly fd: number
  readonly committable: TransactionalFileCommittable
}

/**
 * Writes JSON lines into hidden part files of one subtask; prepareCommit seals the current part file
 * (fsync, close) and hands it over as a committable, and the next record opens a new one.
 */
export class TransactionalFileWriter<T> implements PrecommittingSinkWriter<T, TransactionalFileCommittable> {
  #part: OpenPart | undefined
  #buffered = ''
  #nextSequence: number

  constructor(private readonly options: TransactionalFileWriterOptions) {
    this.#nextSequence = options.firstSequence
  }

  write(value: T): void {
    if (this.#part === undefined) this.#part = this.#openPart()
    // JSON has no undefined: a record that is undefined becomes null, as in an array
    this.#buffered += `${JSON.stringify(value) ?? 'null'}\n`
    if (this.#buffered.length >= FLUSH_THRESHOLD_CHARS) this.#writeBuffered(this.#part)
  }

  flush(): void {
    if (this.#part !== undefined) this.#writeBuffered(this.#part)
  }

  prepareCommit(): TransactionalFileCommittable[] {
    const part = this.#part
    // nothing written since the last call: no empty part file
    if (part === undefined) return []
    this.#part = undefined
    try {
      this.#writeBuffered(part)
      fsyncSync(part.fd)
    } catch (thrown) {
      throw thrown instanceof ConnectorFileError ? thrown : new ConnectorFileError(CONNECTOR, part.committable.pendingPath, 'write', thrown)
    } finally {
      closeSync(part.fd)
    }
    return [part.committable]
  }

  /** Closes and deletes the part file not handed over yet: no checkpoint knows it, so none will commit it. */
  close(): void {
    const part = this.#part
    if (part === undefined) return
    this.#part = undefined
    this.#buffered = ''
    const { pendingPath } = part.committable
    try {
      closeSync(part.fd)
      rmSync(pendingPath, { force: true })
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, pendingPath, 'close', thrown)
    }
    this.options.livePaths.delete(pendingPath)
  }

  #openPart(): OpenPart {
    const { dir, subtaskIndex, partId, livePaths } = this.options
    const sequence = this.#nextSequence++
    const committable = {
      pendingPath: join(dir, inProgressPartName(subtaskIndex, partId, sequence)),
      finalPath: join(dir, committedPartName(subtaskIndex, sequence)),
    }
    try {
      // 'wx': a name taken by another attempt fails here instead of mixing two attempts' lines
      const fd = openSync(committable.pendingPath, 'wx')
      livePaths.add(committable.pendingPath)
      return { fd, committable }
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, committable.pendingPath, 'open', thrown)
    }
  }

  #writeBuffered(part: OpenPart): void {
    if (this.#buffered === '') return
    const bytes = Buffer.from(this.#buffered, 'utf8')
    this.#buffered = ''
    try {
      for (let offset = 0; offset < bytes.length;) offset += writeSync(part.fd, bytes, offset, bytes.length - offset)
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, part.committable.pendingPath, 'write', thrown)
    }
  }
}
