import type { OperatorSubtaskStateHandle, SubtaskCheckpointAck, SubtaskKey, WorkerToCoordinator } from '../../protocol/messages.js'
import type {
  CheckpointStorage, CheckpointStorageLocation, CheckpointStorageLocationReference,
} from '../../state/checkpoint-storage/checkpoint-storage.js'
import type { Clock } from '../../util/clock.js'
import { isEmptyChannelState, persistedBytesOf, serializeChannelState, shapeOf } from '../checkpointing/channel-state.js'
import type { TaskSnapshot } from '../task/stream-task.js'

/** A checkpoint's location, known once the coordinator's trigger message arrives. */
interface PendingLocation {
  location: CheckpointStorageLocation | undefined
  readonly waiting: ((location: CheckpointStorageLocation | undefined) => void)[]
}

/**
 * The asynchronous part of the checkpoints of a worker's subtasks: writes each snapshot's keyed
 * state files into the checkpoint's directory while the tasks go on processing, then acknowledges
 * to the coordinator (or declines, saying why).
 */
export class SubtaskCheckpointWriter {
  readonly #locations = new Map<number, PendingLocation>()
  /** Checkpoints up to this id completed or were aborted: a late snapshot of one of them is discarded. */
  #forgottenUpTo = -1

  constructor(
    private readonly storage: CheckpointStorage,
    private readonly send: (message: WorkerToCoordinator) => void,
    private readonly clock: Clock,
  ) {}

  /** The coordinator started a checkpoint: where its files go. */
  onTrigger(reference: CheckpointStorageLocationReference): void {
    const pending = this.#pendingOf(reference.checkpointId)
    pending.location = this.storage.resolveLocation(reference)
    for (const resolve of pending.waiting.splice(0)) resolve(pending.location)
  }

  /** The checkpoint completed or was aborted: nothing more will be written for it. */
  forget(checkpointId: number): void {
    this.#forgottenUpTo = Math.max(this.#forgottenUpTo, checkpointId)
    const pending = this.#locations.get(checkpointId)
    if (pending === undefined) return
    this.#locations.delete(checkpointId)
    for (const resolve of pending.waiting.splice(0)) resolve(undefined)
    // older checkpoints can no longer complete either
    for (const id of [...this.#locations.keys()]) if (id < checkpointId) this.forget(id)
  }

  write(subtask: SubtaskKey, snapshot: TaskSnapshot): void {
    const startedMs = this.clock.relativeMs()
    this.#write(subtask, snapshot, startedMs).catch((thrown: unknown) => {
      const reason = thrown instanceof Error ? thrown.message : String(thrown)
      this.send({ type: 'checkpoint-declined', checkpointId: snapshot.checkpointId, subtask, reason: 'CHECKPOINT_DECLINED', detail: `writing the state failed: ${reason}` })
    })
  }

  async #write(subtask: SubtaskKey, snapshot: TaskSnapshot, startedMs: number): Promise<void> {
    const location = await this.#locationOf(snapshot.checkpointId)
    // unaligned: the in-flight data is complete once every input delivered the barrier
    const channelState = snapshot.channelState === undefined ? undefined : await snapshot.channelState
    const isOver = snapshot.channelState !== undefined && (channelState === undefined || !this.#locations.has(snapshot.checkpointId))
    if (location === undefined || isOver) {
      // aborted meanwhile
      for (const operator of snapshot.operators) operator.keyedState?.discard()
      return
    }
    let stateSizeBytes = 0
    const operators: OperatorSubtaskStateHandle[] = await Promise.all(snapshot.operators.map(async (operator) => {
      let keyedStateFile
      if (operator.keyedState !== undefined) {
        const bytes = await operator.keyedState.serialize()
        keyedStateFile = await location.writeStateFile(`${operator.operatorId}-${subtask.subtaskIndex}.keyed`, bytes)
        stateSizeBytes += keyedStateFile.sizeBytes
      }
      if (operator.operatorState !== undefined) stateSizeBytes += JSON.stringify(operator.operatorState).length
      return { operatorId: operator.operatorId, keyedStateFile, keyGroupRange: operator.keyGroupRange, operatorState: operator.operatorState }
    }))
    let persistedInFlightBytes = 0
    const hasInFlightData = channelState !== undefined && !isEmptyChannelState(channelState)
    // nothing in flight, nothing to restore: no file, so the checkpoint does not pin the parallelism
    if (channelState !== undefined && hasInFlightData) {
      const file = await location.writeStateFile(`${subtask.vertexId}-${subtask.subtaskIndex}.channel`, serializeChannelState(channelState))
      persistedInFlightBytes = persistedBytesOf(channelState)
      stateSizeBytes += file.sizeBytes
      operators[0] = { ...operators[0]!, channelState: { file, ...shapeOf(channelState), layout: snapshot.channelLayout ?? '' } }
    }
    const ack: SubtaskCheckpointAck = {
      subtask,
      stats: {
        checkpointId: snapshot.checkpointId,
        vertexId: subtask.vertexId,
        subtaskIndex: subtask.subtaskIndex,
        ackTimestampMs: this.clock.nowMs(),
        syncDurationMs: snapshot.syncDurationMs,
        asyncDurationMs: this.clock.relativeMs() - startedMs,
        alignmentDurationMs: snapshot.alignment.alignmentDurationMs,
        startDelayMs: snapshot.alignment.startDelayMs,
        stateSizeBytes,
        // full checkpoints: what was written is the whole state
        checkpointedSizeBytes: stateSizeBytes,
        processedInFlightBytes: snapshot.alignment.processedInFlightBytes,
        persistedInFlightBytes,
        isUnaligned: snapshot.isUnaligned === true || hasInFlightData,
      },
      operators,
      isFinished: snapshot.isFinished,
    }
    this.send({ type: 'checkpoint-ack', ack })
  }

  #locationOf(checkpointId: number): Promise<CheckpointStorageLocation | undefined> {
    if (checkpointId <= this.#forgottenUpTo && !this.#locations.has(checkpointId)) return Promise.resolve(undefined)
    const pending = this.#pendingOf(checkpointId)
    if (pending.location !== undefined) return Promise.resolve(pending.location)
    return new Promise((resolve) => pending.waiting.push(resolve))
  }

  #pendingOf(checkpointId: number): PendingLocation {
    let pending = this.#locations.get(checkpointId)
    if (pending === undefined) {
      pending = { location: undefined, waiting: [] }
      this.#locations.set(checkpointId, pending)
    }
    return pending
  }
}
