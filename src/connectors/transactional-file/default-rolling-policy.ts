import { InvalidConnectorArgumentError } from '../../errors.js'

const CONNECTOR = 'TransactionalFileSink'

/**
 * When a TransactionalFileSink rolls a part file (Flink's DefaultRollingPolicy, configured in code as in Flink).
 * A rolled part file is committed by the next checkpoint that completes; one that does not roll stays open across
 * checkpoints, each of which records how much of it is durable.
 */
export interface RollingPolicyOptions {
  /** A part file rolls once it holds this many bytes (Flink's maxPartSize); 128 MiB by default. */
  readonly maxPartSizeBytes?: number
  /**
   * A part file rolls at the first checkpoint at least this long after it was opened (Flink's rolloverInterval);
   * 60 s by default. 0 rolls at every checkpoint (Flink's OnCheckpointRollingPolicy).
   */
  readonly rolloverIntervalMs?: number
  /** A part file rolls at the first checkpoint at least this long after its last record (Flink's inactivityInterval); 60 s by default. */
  readonly inactivityIntervalMs?: number
}

// Flink's defaults: a FileSink user gets the file sizes and counts they know
const DEFAULT_MAX_PART_SIZE_BYTES = 128 * 1024 * 1024
const DEFAULT_ROLLOVER_INTERVAL_MS = 60_000
const DEFAULT_INACTIVITY_INTERVAL_MS = 60_000

/** What the rolling policy looks at of a part file (Flink's PartFileInfo). */
export interface PartFileInfo {
  /** Bytes written so far. */
  readonly sizeBytes: number
  /** When the first record was appended, in ms of a monotonic clock (Clock.relativeMs). */
  readonly createdAtMs: number
  /** When the last record was appended, in ms of the same clock. */
  readonly lastWrittenAtMs: number
}

/** Decides when a part file rolls: by size at every record, by age and inactivity whenever time is checked. Pure. */
export class DefaultRollingPolicy {
  readonly maxPartSizeBytes: number
  readonly rolloverIntervalMs: number
  readonly inactivityIntervalMs: number

  constructor(options: RollingPolicyOptions = {}) {
    this.maxPartSizeBytes = wholeNumber('maxPartSizeBytes', options.maxPartSizeBytes ?? DEFAULT_MAX_PART_SIZE_BYTES, 1)
    this.rolloverIntervalMs = wholeNumber('rolloverIntervalMs', options.rolloverIntervalMs ?? DEFAULT_ROLLOVER_INTERVAL_MS, 0)
    this.inactivityIntervalMs = wholeNumber('inactivityIntervalMs', options.inactivityIntervalMs ?? DEFAULT_INACTIVITY_INTERVAL_MS, 0)
  }

  /** Asked as records are appended, so a part file never exceeds the size limit by a whole record. */
  shouldRollOnEvent(part: PartFileInfo): boolean {
    return part.sizeBytes >= this.maxPartSizeBytes
  }

  /** Checked at every checkpoint, the only moments a roll can become visible (Flink checks on a processing-time timer). */
  shouldRollOnProcessingTime(part: PartFileInfo, nowMs: number): boolean {
    return nowMs - part.createdAtMs >= this.rolloverIntervalMs || nowMs - part.lastWrittenAtMs >= this.inactivityIntervalMs
  }
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidConnectorArgumentError(CONNECTOR, `rollingPolicy.${name} must be a whole number of at least ${min}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
  }
  return value
}
