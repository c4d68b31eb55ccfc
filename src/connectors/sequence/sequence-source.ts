import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SourceReaderContext } from '../../api/source.js'
import { InvalidConnectorArgumentError } from '../../errors.js'
import { type Clock, systemClock } from '../../util/clock.js'
import { DataGeneratorSource, type DataGeneratorReaderState } from '../datagen/data-generator-source.js'

const CONNECTOR = 'SequenceSource'

/** One element of a SequenceSource: the seq-th value of a key, counting from 1. */
export interface SequenceElement {
  readonly key: string
  readonly seq: number
}

/** Options of a SequenceSource. */
export interface SequenceSourceOptions {
  /** Number of keys, named k0 … k(keys-1). */
  readonly keys: number
  /** Values per key: seq 1 … perKey. */
  readonly perKey: number
  /** Total rate over all subtasks in elements per second; each subtask gets an equal share. Unlimited when undefined. */
  readonly rate?: number
  /** Time for the rate limit; tests pass a ManualClock. */
  readonly clock?: Clock
}

/** Resume position of a sequence reader: how many of its subtask's elements it emitted. */
export interface SequenceReaderState {
  readonly subtaskIndex: number
  readonly parallelism: number
  readonly emittedCount: number
}

/** Emits the elements of its subtask's keys round robin, through a DataGeneratorSource reader over its own positions. */
class SequenceReader implements SourceReader<SequenceElement, SequenceReaderState> {
  constructor(private readonly context: SourceReaderContext,
    private readonly positions: SourceReader<SequenceElement, DataGeneratorReaderState>) {}

  pollNext(output: ReaderOutput<SequenceElement>, maxRecords: number): InputStatus {
    return this.positions.pollNext(output, maxRecords)
  }

  waitMs(): number {
    return this.positions.waitMs?.() ?? 0
  }

  snapshotState(): SequenceReaderState {
    const { subtaskIndex, parallelism } = this.context
    return { subtaskIndex, parallelism, emittedCount: this.positions.snapshotState?.().nextIndex ?? 0 }
  }
}

/**
 * A bounded source of per-key sequences, for checking exactly-once end to end: for keys k0 … k(keys-1)
 * it emits { key, seq } with seq 1 … perKey per key, round robin (seq 1 of every key, then seq 2, …).
 * Key i is read by subtask i % parallelism; its state resumes right after the last emitted element
 * (at the parallelism and subtask it was taken at).
 */
export class SequenceSource implements Source<SequenceElement, SequenceReaderState> {
  readonly boundedness: Boundedness = 'BOUNDED'
  readonly keys: number
  readonly perKey: number
  readonly #rate: number | undefined
  readonly #clock: Clock

  constructor(options: SequenceSourceOptions) {
    const { keys, perKey, rate } = options ?? {}
    if (!(Number.isSafeInteger(keys) && keys >= 1)) {
      throw new InvalidConnectorArgumentError(CONNECTOR, `keys must be a whole number of at least 1, got ${String(keys)}`)
    }
    if (!(Number.isSafeInteger(perKey) && perKey >= 0 && Number.isSafeInteger(keys * perKey))) {
      throw new InvalidConnectorArgumentError(CONNECTOR, `perKey must be a whole number of at least 0 (keys × perKey a safe integer), got ${String(perKey)}`)
    }
    if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
      throw new InvalidConnectorArgumentError(CONNECTOR, `rate must be a finite number above 0 (leave it out for no limit), got ${String(rate)}`)
    }
    this.keys = keys
    this.perKey = perKey
    this.#rate = rate
    this.#clock = options.clock ?? systemClock
  }

  createReader(context: SourceReaderContext, restoredState?: SequenceReaderState): SourceReader<SequenceElement, SequenceReaderState> {
    const { subtaskIndex, parallelism } = context
    if (restoredState !== undefined && (restoredState.subtaskIndex !== subtaskIndex || restoredState.parallelism !== parallelism)) {
      // positions count this subtask's own keys: at another parallelism they would skip or repeat elements
      throw new InvalidConnectorArgumentError(CONNECTOR, `cannot resume subtask ${subtaskIndex} of ${parallelism} from the state of ` +
        `subtask ${restoredState.subtaskIndex} of ${restoredState.parallelism}; restore at the parallelism of the checkpoint`)
    }
    // this subtask's keys: i, i + parallelism, …; position n is seq n / ownKeys + 1 of own key n % ownKeys
    const ownKeys = subtaskIndex < this.keys ? Math.ceil((this.keys - subtaskIndex) / parallelism) : 0
    const element = (position: number): SequenceElement => ({
      key: `k${subtaskIndex + (position % ownKeys) * parallelism}`,
      seq: Math.floor(position / ownKeys) + 1,
    })
    const positions = new DataGeneratorSource(element, ownKeys * this.perKey, {
      ...(this.#rate === undefined ? {} : { recordsPerSecond: this.#rate / parallelism }),
      clock: this.#clock,
    })
    // the positions reader runs alone over this subtask's positions; the rate is already this subtask's share
    const restoredPosition = restoredState === undefined ? undefined : { nextIndex: restoredState.emittedCount }
    return new SequenceReader(context, positions.createReader({ subtaskIndex: 0, parallelism: 1 }, restoredPosition))
  }
}
