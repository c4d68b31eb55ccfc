import { closeSync, openSync, readSync } from 'node:fs'
import type { InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from '../../api/source.js'
import { ConnectorFileError } from '../../errors.js'

/** Resume position of a line reader: the byte offset just after the last line it emitted. */
export interface FileSourceReaderState {
  readonly offsetBytes: number
}

const CHUNK_BYTES = 64 * 1024
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const EMPTY = Buffer.alloc(0)

/**
 * Reads a file line by line in chunks. Lines are cut at '\n' bytes and decoded one by one, so a
 * UTF-8 character split across two chunks is decoded whole.
 */
class LineReader implements SourceReader<string, FileSourceReaderState> {
  #fd: number | undefined
  // bytes read but not yet emitted: #pending[#lineStart..] is the start of a line without its '\n' yet
  #pending: Buffer = EMPTY
  #lineStart = 0
  /** File offset of #pending[0]. */
  #pendingOffsetBytes: number
  #isEndOfFile = false

  constructor(private readonly path: string, restored: FileSourceReaderState | undefined) {
    this.#pendingOffsetBytes = restored?.offsetBytes ?? 0
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

  snapshotState(): FileSourceReaderState {
    return { offsetBytes: this.#pendingOffsetBytes + this.#lineStart }
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

/**
 * A bounded source reading a file (Flink's FileSource). One subtask reads the whole file, so
 * lines come out in file order; its checkpointed position is a byte offset.
 */
export class FileSource implements Source<string, FileSourceReaderState> {
  readonly boundedness = 'BOUNDED' as const
  readonly maxParallelism = 1

  private constructor(readonly path: string) {}

  /** A source of the file's lines, without their '\n' or '\r\n' (Flink's TextLineInputFormat). */
  static forLines(path: string): FileSource {
    return new FileSource(path)
  }

  createReader(_context: SourceReaderContext, restoredState?: FileSourceReaderState): SourceReader<string, FileSourceReaderState> {
    return new LineReader(this.path, restoredState)
  }
}
