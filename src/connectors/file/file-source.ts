import { closeSync, openSync, readSync } from 'node:fs'
import { resolve } from 'node:path'
import type { InputStatus, ReaderOutput, Source, SourceReader, SourceSplit } from '../../api/source.js'
import { ConnectorFileError, InvalidConnectorArgumentError } from '../../errors.js'

/** One file of a FileSource as a split, with its position: the byte offset just after the last line emitted. */
export interface FileSourceSplit extends SourceSplit {
  readonly path: string
  readonly offsetBytes: number
}

const CHUNK_BYTES = 64 * 1024
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const EMPTY = Buffer.alloc(0)

/**
 * Reads one file line by line in chunks. Lines are cut at '\n' bytes and decoded one by one, so a
 * UTF-8 character split across two chunks is decoded whole.
 */
class FileLineReader {
  #fd: number | undefined
  // bytes read but not yet emitted: #pending[#lineStart..] is the start of a line without its '\n' yet
  #pending: Buffer = EMPTY
  #lineStart = 0
  /** File offset of #pending[0]. */
  #pendingOffsetBytes: number
  #isEndOfFile = false

  constructor(private readonly path: string, offsetBytes: number) {
    this.#pendingOffsetBytes = offsetBytes
    try {
      this.#fd = openSync(path, 'r')
    } catch (thrown) {
      throw new ConnectorFileError('FileSource', path, 'open', thrown)
    }
  }

  pollNext(output: ReaderOutput<string>, maxRecords: number): InputStatus {
    let emitted = 0
    while (emitted < maxRecords) {
      const end = this.#pending.indexOf(NEWLINE, this.#lineStart)
      if (end >= 0) {
        this.#emitLine(output, end, end + 1)
        emitted++
      } else if (!this.#isEndOfFile) {
        this.#readChunk()
      } else {
        if (this.#lineStart < this.#pending.length) {
          // the last line has no '\n'
          this.#emitLine(output, this.#pending.length, this.#pending.length)
          emitted++
        }
        this.close()
        return 'END_OF_INPUT'
      }
    }
    return 'MORE_AVAILABLE'
  }

  /** The byte offset just after the last line emitted. */
  get offsetBytes(): number {
    return this.#pendingOffsetBytes + this.#lineStart
  }

  close(): void {
    if (this.#fd === undefined) return
    const fd = this.#fd
    this.#fd = undefined
    closeSync(fd)
  }

  /** Emits #pending[#lineStart, end) without a trailing '\r', then moves past `next`. */
  #emitLine(output: ReaderOutput<string>, end: number, next: number): void {
    const pending = this.#pending
    const start = this.#lineStart
    const contentEnd = end > start && pending[end - 1] === CARRIAGE_RETURN ? end - 1 : end
    // move first, so a snapshot taken while the record travels downstream already counts this line
    this.#lineStart = next
    output.collect(pending.toString('utf8', start, contentEnd))
  }

  /** Appends the next chunk of the file to what is still pending; notes the end of the file. */
  #readChunk(): void {
    const kept = this.#pending.length - this.#lineStart
    // a line longer than a chunk doubles the read, so very long lines cost linear, not quadratic, copying
    const chunkBytes = Math.max(CHUNK_BYTES, kept)
    const buffer = Buffer.allocUnsafe(kept + chunkBytes)
    this.#pending.copy(buffer, 0, this.#lineStart)
    const position = this.#pendingOffsetBytes + this.#pending.length
    let bytesRead: number
    try {
      bytesRead = readSync(this.#fd as number, buffer, kept, chunkBytes, position)
    } catch (thrown) {
      throw new ConnectorFileError('FileSource', this.path, 'read', thrown)
    }
    this.#pendingOffsetBytes += this.#lineStart
    this.#pending = buffer.subarray(0, kept + bytesRead)
    this.#lineStart = 0
    if (bytesRead === 0) this.#isEndOfFile = true
  }
}

/** Reads its file splits one after the other, each from its offset, in the order of the source's paths. */
class FileSplitsReader implements SourceReader<string, FileSourceSplit> {
  #remaining: FileSourceSplit[] = []
  #current: { readonly split: FileSourceSplit; readonly reader: FileLineReader } | undefined

  addSplits(splits: readonly FileSourceSplit[]): void {
    this.#remaining = [...splits]
  }

  pollNext(output: ReaderOutput<string>, maxRecords: number): InputStatus {
    if (this.#current === undefined) {
      const split = this.#remaining.shift()
      if (split === undefined) return 'END_OF_INPUT'
      this.#current = { split, reader: new FileLineReader(split.path, split.offsetBytes) }
    }
    const status = this.#current.reader.pollNext(output, maxRecords)
    if (status !== 'END_OF_INPUT') return status
    this.#current = undefined
    // the next file's lines follow in the next poll
    return this.#remaining.length === 0 ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
  }

  snapshotState(): FileSourceSplit[] {
    const current = this.#current
    return [...(current === undefined ? [] : [{ ...current.split, offsetBytes: current.reader.offsetBytes }]), ...this.#remaining]
  }

  close(): void {
    this.#current?.reader.close()
    this.#current = undefined
  }
}

/**
 * A bounded source reading files (Flink's FileSource): every file is a split, read whole by one subtask, so each
 * file's lines come out in order; a subtask without a file ends at once. The position in a checkpoint is a byte offset.
 */
export class FileSource implements Source<string, FileSourceSplit> {
  readonly boundedness = 'BOUNDED' as const
  readonly paths: readonly string[]

  private constructor(paths: readonly string[]) {
    if (paths.length === 0 || paths.some((path) => typeof path !== 'string' || path === '')) {
      throw new InvalidConnectorArgumentError('FileSource', `name one or more files as non-empty paths, got ${JSON.stringify(paths)}`)
    }
    // positions outlive this process's working directory in a checkpoint
    this.paths = paths.map((path) => resolve(path))
  }

  /** A source of the files' lines, without their '\n' or '\r\n' (Flink's TextLineInputFormat). */
  static forLines(...paths: string[]): FileSource {
    return new FileSource(paths)
  }

  createSplits(): FileSourceSplit[] {
    return this.paths.map((path) => ({ splitId: path, path, offsetBytes: 0 }))
  }

  createReader(): SourceReader<string, FileSourceSplit> {
    return new FileSplitsReader()
  }
}
