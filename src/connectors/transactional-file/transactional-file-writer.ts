import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { PrecommittingSinkWriter, StatefulSinkWriter } from '../../api/sink.js'
import { ConnectorFileError } from '../../errors.js'
import type { Clock } from '../../util/clock.js'
import type { DefaultRollingPolicy, PartFileInfo } from './default-rolling-policy.js'
import { committedPartName, inProgressPartName } from './part-file-name.js'
import type { TransactionalFileCommittable, TransactionalFileWriterState } from './transactional-file-state.js'

const CONNECTOR = 'TransactionalFileSink'

// lines are written once this many characters are buffered: few, large writeSync calls
const FLUSH_THRESHOLD_CHARS = 256 * 1024

/** Where a writer puts its part files, how it names them and when it rolls them. */
export interface TransactionalFileWriterOptions {
  readonly dir: string
  readonly subtaskIndex: number
  /** Tells this writer's hidden files apart from those of other attempts. */
  readonly partId: string
  /** The sequence of the writer's first part file (nextPartSequence of the directory). */
  readonly firstSequence: number
  /** Shared with the sink's committers: the hidden files not to abort. */
  readonly livePaths: Set<string>
  readonly rollingPolicy: DefaultRollingPolicy
  /** Its relativeMs() times the part files' age and inactivity. */
  readonly clock: Clock
}

/** The part file being written: hidden until committed. */
interface OpenPart extends PartFileInfo {
  readonly fd: number
  readonly pendingPath: string
  readonly finalPath: string
  lastWrittenAtMs: number
  /** Bytes in the file: the rolling policy is asked only after the buffered records were written. */
  sizeBytes: number
  syncedBytes: number
  /** A snapshot recorded it: a restore from that snapshot needs it, even after this writer closed. */
  isRecorded: boolean
}

/** A part file rolled since the last prepareCommit: sealed (fsynced, closed), not handed over yet. */
interface SealedPart {
  readonly committable: TransactionalFileCommittable
  readonly isRecorded: boolean
}

/**
 * Writes JSON lines into hidden part files of one subtask, rolling them as its rolling policy says: by size when a
 * record is appended; by age and inactivity at checkpoints (prepareCommit); and at end of input. prepareCommit hands
 * the rolled part files over as committables; snapshotState records the part file still open and how much of it the
 * checkpoint covers.
 */
export class TransactionalFileWriter<T>
implements PrecommittingSinkWriter<T, TransactionalFileCommittable>, StatefulSinkWriter<T, TransactionalFileWriterState> {
  #part: OpenPart | undefined
  #sealed: SealedPart[] = []
  #buffered = ''
  #nextSequence: number

  constructor(private readonly options: TransactionalFileWriterOptions) {
    this.#nextSequence = options.firstSequence
  }

  write(value: T): void {
    const nowMs = this.options.clock.relativeMs()
    const part = this.#part ??= this.#openPart(nowMs)
    // JSON has no undefined: a record that is undefined becomes null, as in an array
    this.#buffered += `${JSON.stringify(value) ?? 'null'}\n`
    part.lastWrittenAtMs = nowMs
    // a UTF-16 code unit takes at most 3 bytes in UTF-8: below this bound the size is not worth counting exactly
    // (Buffer.byteLength per record would cost a tenth of the writer's time)
    if (part.sizeBytes + 3 * this.#buffered.length >= this.options.rollingPolicy.maxPartSizeBytes) {
      this.#writeBuffered(part)
      if (this.options.rollingPolicy.shouldRollOnEvent(part)) this.#roll(part)
    } else if (this.#buffered.length >= FLUSH_THRESHOLD_CHARS) {
      this.#writeBuffered(part)
    }
  }

  /** Writes what is buffered; at end of input the open part file rolls, so that the final checkpoint commits it. */
  flush(endOfInput: boolean): void {
    const part = this.#part
    if (part === undefined) return
    if (endOfInput) this.#roll(part)
    else this.#writeBuffered(part)
  }

  /** Rolls the open part file if it is old or inactive enough, then hands over every part file rolled since the last call. */
  prepareCommit(): TransactionalFileCommittable[] {
    const part = this.#part
    if (part !== undefined && this.options.rollingPolicy.shouldRollOnProcessingTime(part, this.options.clock.relativeMs())) this.#roll(part)
    return this.#sealed.splice(0).map((sealed) => sealed.committable)
  }

  /** Makes the open part file durable as far as it is written, and records it; nothing when no part file is open. */
  snapshotState(): TransactionalFileWriterState[] {
    const part = this.#part
    if (part === undefined) return []
    this.#writeBuffered(part)
    if (part.syncedBytes < part.sizeBytes) {
      try {
        fsyncSync(part.fd)
      } catch (thrown) {
        throw new ConnectorFileError(CONNECTOR, part.pendingPath, 'write', thrown)
      }
      part.syncedBytes = part.sizeBytes
    }
    part.isRecorded = true
    return [{ pendingPath: part.pendingPath, finalPath: part.finalPath, lengthBytes: part.sizeBytes }]
  }

  /**
   * Closes the open part file, and deletes the part files no snapshot recorded: no checkpoint knows them, so none
   * will commit them. A recorded one stays for a restore from its snapshot (the next start of the subtask deletes it
   * unless that is what it restores).
   */
  close(): void {
    const part = this.#part
    this.#part = undefined
    this.#buffered = ''
    const unrecorded = this.#sealed.splice(0).filter((sealed) => !sealed.isRecorded).map((sealed) => sealed.committable.pendingPath)
    if (part !== undefined) {
      try {
        closeSync(part.fd)
      } catch (thrown) {
        throw new ConnectorFileError(CONNECTOR, part.pendingPath, 'close', thrown)
      }
      if (part.isRecorded) this.options.livePaths.delete(part.pendingPath)
      else unrecorded.push(part.pendingPath)
    }
    for (const path of unrecorded) {
      try {
        rmSync(path, { force: true })
      } catch (thrown) {
        throw new ConnectorFileError(CONNECTOR, path, 'close', thrown)
      }
      this.options.livePaths.delete(path)
    }
  }

  #openPart(nowMs: number): OpenPart {
    const { dir, subtaskIndex, partId, livePaths } = this.options
    const sequence = this.#nextSequence++
    const pendingPath = join(dir, inProgressPartName(subtaskIndex, partId, sequence))
    try {
      // 'wx': a name taken by another attempt fails here instead of mixing two attempts' lines
      const fd = openSync(pendingPath, 'wx')
      livePaths.add(pendingPath)
      return {
        fd, pendingPath, finalPath: join(dir, committedPartName(subtaskIndex, sequence)),
        createdAtMs: nowMs, lastWrittenAtMs: nowMs, sizeBytes: 0, syncedBytes: 0, isRecorded: false,
      }
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, pendingPath, 'open', thrown)
    }
  }

  /** Seals the open part file (fsync, close) until prepareCommit hands it over; the next record opens a new one. */
  #roll(part: OpenPart): void {
    this.#part = undefined
    try {
      this.#writeBuffered(part)
      fsyncSync(part.fd)
    } catch (thrown) {
      throw thrown instanceof ConnectorFileError ? thrown : new ConnectorFileError(CONNECTOR, part.pendingPath, 'write', thrown)
    } finally {
      closeSync(part.fd)
    }
    const committable = { pendingPath: part.pendingPath, finalPath: part.finalPath, lengthBytes: part.sizeBytes }
    this.#sealed.push({ committable, isRecorded: part.isRecorded })
  }

  #writeBuffered(part: OpenPart): void {
    if (this.#buffered === '') return
    const bytes = Buffer.from(this.#buffered, 'utf8')
    this.#buffered = ''
    try {
      for (let offset = 0; offset < bytes.length;) offset += writeSync(part.fd, bytes, offset, bytes.length - offset)
    } catch (thrown) {
      throw new ConnectorFileError(CONNECTOR, part.pendingPath, 'write', thrown)
    }
    part.sizeBytes += bytes.length
  }
}
