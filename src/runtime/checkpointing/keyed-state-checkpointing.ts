import type { KeyGroupRange } from '../../state/key-group.js'
import type { HeapKeyedStateBackend } from '../../state/heap/heap-keyed-state-backend.js'
import type { HeapInternalTimeServiceManager } from '../../state/timer/heap-internal-time-service-manager.js'
import { readKeyedStateSnapshot } from '../../state/snapshot/keyed-state-snapshot-reader.js'
import { writeKeyedStateSnapshot } from '../../state/snapshot/keyed-state-snapshot-writer.js'

/** How a subtask writes its keyed state and timers into a checkpoint and reads them back. */
export interface KeyedStateCheckpointing {
  /** The synchronous part: serializes everything by key group. */
  snapshot(backend: HeapKeyedStateBackend, timers: HeapInternalTimeServiceManager, keyGroupRange: KeyGroupRange): Uint8Array
  /** Reads the key groups of `keyGroupRange` from the former subtasks' snapshots. */
  restore(backend: HeapKeyedStateBackend, timers: HeapInternalTimeServiceManager, keyGroupRange: KeyGroupRange, snapshots: readonly Uint8Array[]): void
}

/** The heap backend's keyed state and timers in the by-key-group snapshot format (state/snapshot). */
export const heapKeyedStateCheckpointing: KeyedStateCheckpointing = {
  snapshot(backend, timers, keyGroupRange) {
    return writeKeyedStateSnapshot({
      operatorName: backend.operatorName,
      maxParallelism: backend.maxParallelism,
      keyGroupRange,
      stateSnapshot: backend.snapshot(),
      timers: timers.snapshotTimers(),
    })
  },
  restore(backend, timers, keyGroupRange, snapshots) {
    for (const bytes of snapshots) {
      const contents = readKeyedStateSnapshot(bytes, { operatorName: backend.operatorName, maxParallelism: backend.maxParallelism, keyGroupRange })
      backend.restoreEntries(contents.entries)
      timers.restoreTimers(contents.timers)
    }
  },
}
