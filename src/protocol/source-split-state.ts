/**
 * How a source's position travels in a checkpoint, between the worker that snapshots it and the coordinator that
 * reassigns it on a restore: the reader's unfinished splits (Flink's FLIP-27), each with its index in the source's
 * list of splits, which decides the subtask that reads it (index modulo parallelism). Plain JSON.
 */
export interface SourceOperatorState {
  readonly splits: readonly AssignedSplit[]
}

/** A split (its own JSON, position included) with its index in the source's list of splits. */
export interface AssignedSplit {
  readonly index: number
  readonly split: { readonly splitId: string }
}

/** Whether an operator state is a source's splits. */
export function isSourceOperatorState(state: unknown): state is SourceOperatorState {
  return typeof state === 'object' && state !== null && Array.isArray((state as Partial<SourceOperatorState>).splits)
}
