import type { RuntimeContext } from '../api/functions.js'
import type { KeyedStateBackend } from '../state/keyed-state-backend.js'
import type { InternalTimeServiceManager, ProcessingTimeService } from '../state/internal-timer-service.js'

/** Timestamp of a record that has none (a source without a WatermarkStrategy). */
export const NO_TIMESTAMP = Number.NaN

/**
 * Where an operator emits. Inside a chain this is the next operator (a direct call);
 * at the end of a chain it is the record writer of the network.
 */
export interface Output<T> {
  /** Emits a record with its event timestamp (NO_TIMESTAMP when none). */
  collect(value: T, timestampMs: number): void
  emitWatermark(watermarkMs: number): void
}

/** What the runtime hands an operator before open(). */
export interface StreamOperatorContext {
  readonly output: Output<unknown>
  readonly runtimeContext: RuntimeContext
  /** Present when the operator consumes a KeyedStream. */
  readonly keyedStateBackend: KeyedStateBackend | undefined
  readonly processingTimeService: ProcessingTimeService
  /** Timer services bound to this operator's keyed state; present when the operator is keyed. */
  readonly timeServiceManager: InternalTimeServiceManager | undefined
  /** Whether checkpoints will complete: without them, a two-phase sink commits its output at end of input itself. */
  readonly isCheckpointingEnabled: boolean
}

/**
 * An operator of a chain: called synchronously for every element, watermark and lifecycle step.
 * Two-input operators also implement processElement1/processElement2 (TwoInputStreamOperator).
 */
export interface StreamOperator<IN = unknown> {
  readonly name: string
  setup(context: StreamOperatorContext): void
  open(): void
  processElement(value: IN, timestampMs: number): void
  /** Fires due event-time timers, then forwards the watermark downstream. */
  processWatermark(watermarkMs: number): void
  /** All input has ended: flush whatever is buffered (the end-of-input watermark has already passed). */
  endInput(): void
  close(): void
  /**
   * Before open(), when the job resumes from a checkpoint: what snapshotState returned then, for
   * the former subtask of the same index, or for several when the parallelism shrank (subtask j
   * goes to j modulo the new parallelism). Keyed state is restored by the runtime, not here.
   */
  initializeState?(restoredStates: readonly unknown[]): void
  /**
   * The synchronous part of a checkpoint, between two elements: the operator's own state (a source
   * position, a sink's committables), JSON-serializable; undefined when it has none.
   */
  snapshotState?(checkpointId: number): unknown
  /** Every subtask acknowledged this checkpoint and it is durable: commit what it covers. */
  notifyCheckpointComplete?(checkpointId: number): void
}

/** An operator with two logical inputs (connect, joins). Watermarks arrive combined (the minimum of both). */
export interface TwoInputStreamOperator<IN1 = unknown, IN2 = unknown> extends StreamOperator<IN1> {
  processElement1(value: IN1, timestampMs: number): void
  processElement2(value: IN2, timestampMs: number): void
}

/** Tells the runtime whether an operator has two inputs. */
export function isTwoInput(operator: StreamOperator): operator is TwoInputStreamOperator {
  return typeof (operator as Partial<TwoInputStreamOperator>).processElement1 === 'function'
}
