import type { KeyGroupRange } from '../../state/key-group.js'
import type { HeapKeyedStateBackend } from '../../state/heap/heap-keyed-state-backend.js'
import type { HeapInternalTimeServiceManager } from '../../state/timer/heap-internal-time-service-manager.js'
import { readKeyedStateSnapshot } from '../../state/snapshot/keyed-state-snapshot-reader.js'
import { prepareKeyedStateSnapshot } from '../../state/snapshot/keyed-state-snapshot-writer.js'

/** The asynchronous serialization hands the thread back to the subtasks after about this long. */
const SERIALIZATION_SLICE_MS = 2

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** A subtask's keyed state, taken in the synchronous part of a checkpoint, to serialize in the asynchronous part. */
export interface KeyedStateSerialization {
  /** Serializes in slices, letting the subtask process between them; releases the state's copy-on-write. */
  serialize(): Promise<Uint8Array>
  /** The checkpoint was aborted before serializing: releases the state's copy-on-write. */
  discard(): void
}

/** How a subtask writes its keyed state and timers into a checkpoint and reads them back. */
export interface KeyedStateCheckpointing {
  /** The synchronous part: sorts entries and timers by key group, holding values copy-on-write. */
  snapshot(backend: HeapKeyedStateBackend, timers: HeapInternalTimeServiceManager, keyGroupRange: KeyGroupRange): KeyedStateSerialization
  /** Reads the key groups of `keyGroupRange` from the former subtasks' snapshots. */
  restore(backend: HeapKeyedStateBackend, timers: HeapInternalTimeServiceManager, keyGroupRange: KeyGroupRange, snapshots: readonly Uint8Array[]): void
}

/** The heap backend's keyed state and timers in the by-key-group snapshot format (state/snapshot). */
export const heapKeyedStateCheckpointing: KeyedStateCheckpointing = {
  snapshot(backend, timers, keyGroupRange) {
    const { snapshot, release } = backend.beginSnapshot()
    let prepared
    try {
      prepared = prepareKeyedStateSnapshot({
        operatorName: backend.operatorName,
        maxParallelism: backend.maxParallelism,
        keyGroupRange,
        stateSnapshot: snapshot,
        timers: timers.snapshotTimers(),
      })
    } catch (thrown) {
      release()
      throw thrown
    }
    return {
      async serialize() {
        try {
          return await prepared.serializeInSlices(SERIALIZATION_SLICE_MS, yieldToEventLoop)
        } finally {
          release()
        }
      },
      discard: release,
    }
  },
  restore(backend, timers, keyGroupRange, snapshots) {
    for (const bytes of snapshots) {
      const contents = readKeyedStateSnapshot(bytes, { operatorName: backend.operatorName, maxParallelism: backend.maxParallelism, keyGroupRange })
      backend.restoreEntries(contents.entries)
      timers.restoreTimers(contents.timers)
    }
  },
}
