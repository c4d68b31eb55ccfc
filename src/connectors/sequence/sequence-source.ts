import type { Boundedness, InputStatus, ReaderOutput, Source, SourceReader, SourceSplit } from '../../api/source.js'
import { InvalidConnectorArgumentError } from '../../errors.js'
import { type Clock, systemClock } from '../../util/clock.js'
import { RecordRateLimiter } from '../datagen/record-rate-limiter.js'

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

/** One key of a SequenceSource as a split: the key's number and the next seq to emit (its position). */
export interface SequenceSplit extends SourceSplit {
  readonly keyIndex: number
  readonly nextSeq: number
}

/** Emits the elements of its keys round robin (seq n of every key, then seq n + 1), rate limited to its keys' share. */
class SequenceReader implements SourceReader<SequenceElement, SequenceSplit> {
  /** Unfinished keys, ascending, with their next seq; #cursor is the key whose turn it is. */
  #keyIndices: number[] = []
  #nextSeqs: number[] = []
  #cursor = 0
  #limiter: RecordRateLimiter | undefined

  constructor(private readonly source: { readonly keys: number; readonly perKey: number; readonly rate: number | undefined; readonly clock: Clock }) {}

  addSplits(splits: readonly SequenceSplit[]): void {
    const own = splits.filter((split) => split.nextSeq <= this.source.perKey).sort((a, b) => a.keyIndex - b.keyIndex)
    this.#keyIndices = own.map((split) => split.keyIndex)
    this.#nextSeqs = own.map((split) => split.nextSeq)
    // the round goes on where it stopped: with the first key still behind the others
    const lowestSeq = Math.min(...this.#nextSeqs)
    this.#cursor = Math.max(0, this.#nextSeqs.indexOf(lowestSeq))
    const { rate, keys, clock } = this.source
    if (rate !== undefined && splits.length > 0) this.#limiter = new RecordRateLimiter(rate * splits.length / keys, clock)
  }

  pollNext(output: ReaderOutput<SequenceElement>, maxRecords: number): InputStatus {
    if (this.#keyIndices.length === 0) return 'END_OF_INPUT'
    const allowed = this.#limiter === undefined ? maxRecords : this.#limiter.acquire(maxRecords)
    const perKey = this.source.perKey
    for (let emitted = 0; emitted < allowed && this.#keyIndices.length > 0; emitted++) {
      const at = this.#cursor
      const seq = this.#nextSeqs[at]!
      const element = { key: `k${this.#keyIndices[at]!}`, seq }
      // advance before collect so a snapshot taken downstream of collect already counts this element
      if (seq < perKey) {
        this.#nextSeqs[at] = seq + 1
        this.#cursor = at + 1 === this.#keyIndices.length ? 0 : at + 1
      } else {
        this.#keyIndices.splice(at, 1)
        this.#nextSeqs.splice(at, 1)
        if (this.#cursor >= this.#keyIndices.length) this.#cursor = 0
      }
      output.collect(element)
    }
    if (this.#keyIndices.length === 0) return 'END_OF_INPUT'
    return allowed < maxRecords ? 'NOTHING_AVAILABLE' : 'MORE_AVAILABLE'
  }

  waitMs(): number {
    return this.#limiter?.msUntilNextToken() ?? 0
  }

  snapshotState(): SequenceSplit[] {
    return this.#keyIndices.map((keyIndex, i) => ({ splitId: `k${keyIndex}`, keyIndex, nextSeq: this.#nextSeqs[i]! }))
  }
}

/**
 * A bounded source of per-key sequences, for checking exactly-once end to end: for keys k0 … k(keys-1)
 * it emits { key, seq } with seq 1 … perKey per key, round robin (seq 1 of every key, then seq 2, …).
 * Every key is a split, so key i is read by subtask i % parallelism and resumes right after its last emitted
 * element at any parallelism.
 */
export class SequenceSource implements Source<SequenceElement, SequenceSplit> {
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

  createSplits(): SequenceSplit[] {
    return this.perKey === 0 ? [] : Array.from({ length: this.keys }, (_, keyIndex) => ({ splitId: `k${keyIndex}`, keyIndex, nextSeq: 1 }))
  }

  createReader(): SourceReader<SequenceElement, SequenceSplit> {
    return new SequenceReader({ keys: this.keys, perKey: this.perKey, rate: this.#rate, clock: this.#clock })
  }
}
