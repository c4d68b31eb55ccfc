import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Sink, SinkWriter, SinkWriterContext } from '../../api/sink.js'
import { ConnectorFileError } from '../../errors.js'

// lines are written once this many characters are buffered
const FLUSH_THRESHOLD_CHARS = 64 * 1024

/** Buffers JSON lines and writes them to one file; fsyncs when input ends. */
class JsonLinesFileWriter<T> implements SinkWriter<T> {
  #fd: number | undefined
  #buffered = ''

  constructor(private readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true })
      this.#fd = openSync(path, 'w')
    } catch (thrown) {
      throw new ConnectorFileError('JsonLinesFileSink', path, 'open', thrown)
    }
  }

  write(value: T): void {
    // JSON has no undefined: a record that is undefined becomes null, as in an array
    this.#buffered += `${JSON.stringify(value) ?? 'null'}\n`
    if (this.#buffered.length >= FLUSH_THRESHOLD_CHARS) this.#writeBuffered()
  }

  flush(endOfInput: boolean): void {
    this.#writeBuffered()
    if (!endOfInput || this.#fd === undefined) return
    try {
      fsyncSync(this.#fd)
    } catch (thrown) {
      throw new ConnectorFileError('JsonLinesFileSink', this.path, 'write', thrown)
    }
  }

  close(): void {
    if (this.#fd === undefined) return
    try {
      this.#writeBuffered()
    } finally {
      const fd = this.#fd
      this.#fd = undefined
      closeSync(fd)
    }
  }

  #writeBuffered(): void {
    if (this.#buffered === '' || this.#fd === undefined) return
    const bytes = Buffer.from(this.#buffered, 'utf8')
    this.#buffered = ''
    try {
      for (let offset = 0; offset < bytes.length;) offset += writeSync(this.#fd, bytes, offset, bytes.length - offset)
    } catch (thrown) {
      throw new ConnectorFileError('JsonLinesFileSink', this.path, 'write', thrown)
    }
  }
}

/**
 * Writes each record as one JSON line to a single file, created or truncated (with its parent
 * directories) when the writer starts; one subtask, so lines keep the order they arrive in.
 */
export class JsonLinesFileSink<T> implements Sink<T> {
  readonly maxParallelism = 1

  constructor(readonly path: string) {}

  createWriter(_context: SinkWriterContext): SinkWriter<T> {
    return new JsonLinesFileWriter<T>(this.path)
  }
}
