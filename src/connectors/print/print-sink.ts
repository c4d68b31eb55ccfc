import { writeSync } from 'node:fs'
import { inspect } from 'node:util'
import type { Sink, SinkWriter, SinkWriterContext } from '../../api/sink.js'

/** Options of a PrintSink. */
export interface PrintSinkOptions {
  /** Goes before each line (Flink's sink identifier). */
  readonly prefix?: string
  /** Prints to standard error instead of standard output (Flink's printToErr). */
  readonly isStdErr?: boolean
}

// output is written once this many characters are buffered
const FLUSH_THRESHOLD_CHARS = 64 * 1024
/** The longest a printed line waits in the batch. */
const PRINT_DELAY_MS = 100

/**
 * The line prefix Flink's print() uses: "prefix:3> " with a prefix at parallelism > 1,
 * "3> " without one, "prefix> " at parallelism 1, nothing with neither.
 */
export function printLinePrefix(prefix: string | undefined, subtaskIndex: number, parallelism: number): string {
  const identifier = prefix ?? ''
  const label = parallelism > 1 ? `${identifier === '' ? '' : identifier + ':'}${subtaskIndex + 1}` : identifier
  return label === '' ? '' : `${label}> `
}

/** How a record is printed: strings as they are, objects as JSON, anything else with String(). */
export function formatPrintedValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value)
  try {
    return JSON.stringify(value, (_key, v: unknown) => typeof v === 'bigint' ? v.toString() : v)
  } catch {
    // a cycle: printing must not fail the job
    return inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY })
  }
}

/** Writes a whole string to a file descriptor, retrying partial writes and a non-blocking pipe that is full. */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8')
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset)
    } catch (thrown) {
      // stdout may be a pipe libuv made non-blocking; the reader drains it soon
      if ((thrown as NodeJS.ErrnoException).code !== 'EAGAIN') throw thrown
    }
  }
}

/**
 * Buffers printed lines of one subtask and writes them to stdout or stderr in batches: when the
 * batch is large, or at the latest PRINT_DELAY_MS after its first line, so a trickle of results
 * shows up promptly instead of waiting for a full batch.
 */
class PrintWriter<T> implements SinkWriter<T> {
  #buffered = ''
  #timer: NodeJS.Timeout | undefined

  constructor(private readonly fd: number, private readonly linePrefix: string) {}

  write(value: T): void {
    this.#buffered += `${this.linePrefix}${formatPrintedValue(value)}\n`
    if (this.#buffered.length >= FLUSH_THRESHOLD_CHARS) this.#writeBuffered()
    else if (this.#timer === undefined) this.#timer = setTimeout(() => this.#writeBuffered(), PRINT_DELAY_MS).unref()
  }

  flush(): void {
    this.#writeBuffered()
  }

  close(): void {
    this.#writeBuffered()
  }

  #writeBuffered(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#buffered === '') return
    const text = this.#buffered
    this.#buffered = ''
    writeFully(this.fd, text)
  }
}

/** Prints every record to standard output, one line each (Flink's PrintSink behind print()). */
export class PrintSink<T> implements Sink<T> {
  readonly #options: PrintSinkOptions

  /** Takes the prefix (Flink's sink identifier), or options. */
  constructor(prefixOrOptions: string | PrintSinkOptions = {}) {
    this.#options = typeof prefixOrOptions === 'string' ? { prefix: prefixOrOptions } : prefixOrOptions
  }

  createWriter(context: SinkWriterContext): SinkWriter<T> {
    const fd = this.#options.isStdErr === true ? 2 : 1
    return new PrintWriter<T>(fd, printLinePrefix(this.#options.prefix, context.subtaskIndex, context.parallelism))
  }
}
