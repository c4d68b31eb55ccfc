import type { InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from '../../api/source.js'
import type { NexmarkConfig } from './nexmark-config.js'
import type { NexmarkEvent } from './nexmark-event.js'
import { NexmarkSplitCursor } from './nexmark-split.js'

/** Resume position of a Nexmark reader: the last event number it emitted (-1 before the first). */
export interface NexmarkReaderState {
  readonly lastEventNumber: number
}

/** Reads one interleaved split of the Nexmark event sequence; emits at full speed. */
class NexmarkReader implements SourceReader<NexmarkEvent, NexmarkReaderState> {
  readonly #cursor: NexmarkSplitCursor

  constructor(config: NexmarkConfig, context: SourceReaderContext, restored: NexmarkReaderState | undefined) {
    this.#cursor = new NexmarkSplitCursor(config, context.subtaskIndex, context.parallelism, restored?.lastEventNumber)
  }

  pollNext(output: ReaderOutput<NexmarkEvent>, maxRecords: number): InputStatus {
    const cursor = this.#cursor
    for (let i = 0; i < maxRecords; i++) {
      if (!cursor.hasNext()) return 'END_OF_INPUT'
      output.collect(cursor.next())
    }
    return cursor.hasNext() ? 'MORE_AVAILABLE' : 'END_OF_INPUT'
  }

  snapshotState(): NexmarkReaderState {
    return { lastEventNumber: this.#cursor.position }
  }
}

/**
 * The Nexmark benchmark's event source: a seeded, deterministic generator whose parallel
 * splits together produce exactly the events of one split, so results do not depend on parallelism.
 */
export class NexmarkSource implements Source<NexmarkEvent, NexmarkReaderState> {
  readonly boundedness

  constructor(private readonly config: NexmarkConfig) {
    this.boundedness = Number.isFinite(config.totalEvents) ? 'BOUNDED' as const : 'CONTINUOUS_UNBOUNDED' as const
  }

  createReader(context: SourceReaderContext, restoredState?: NexmarkReaderState): SourceReader<NexmarkEvent, NexmarkReaderState> {
    return new NexmarkReader(this.config, context, restoredState)
  }
}
