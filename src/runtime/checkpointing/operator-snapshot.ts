import type { KeyGroupRange } from '../../state/key-group.js'
import type { KeyedStateSerialization } from './keyed-state-checkpointing.js'

/** What one operator of a subtask snapshotted in the synchronous part of a checkpoint, before it is written. */
export interface OperatorSnapshot {
  readonly operatorId: string
  /** Keyed state and timers, sorted by key group, serialized in the asynchronous part; undefined without keyed state. */
  readonly keyedState: KeyedStateSerialization | undefined
  readonly keyGroupRange: KeyGroupRange | undefined
  /** The operator's own state (StreamOperator.snapshotState), JSON. */
  readonly operatorState: unknown
}

/** What one operator gets back when the job resumes from a checkpoint. */
export interface OperatorRestore {
  /** Keyed state files (already read) of every former subtask whose key groups overlap this subtask's. */
  readonly keyedStates: readonly Uint8Array[]
  /** The own states (snapshotState) of the former subtasks assigned to this one. */
  readonly operatorStates: readonly unknown[]
}
