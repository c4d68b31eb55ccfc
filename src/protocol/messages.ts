import type { MessagePort } from 'node:worker_threads'
import type { CheckpointStorageLocationReference } from '../state/checkpoint-storage/checkpoint-storage.js'
import type { LatencyHistogramSample, UserMetricSample } from '../metrics/reported-metric-samples.js'
import type { ChannelStateHandle } from '../state/checkpoint-storage/checkpoint-metadata.js'
import type { StateFileHandle } from '../state/checkpoint-storage/state-file-handle.js'

export type { LatencyHistogramSample, UserMetricSample } from '../metrics/reported-metric-samples.js'

/**
 * Every message that crosses a thread boundary: coordinator ⇄ worker (control) and
 * worker ⇄ worker (data). Plain data only, discriminated on `type`.
 */

/** Identifies a subtask. */
export interface SubtaskKey {
  readonly vertexId: string
  readonly subtaskIndex: number
}

/** One network channel: the producer's subpartition and the consumer's input channel. */
export interface ChannelDescriptor {
  /** Globally unique channel number within the job. */
  readonly channelId: number
  readonly edgeIndex: number
  readonly producer: SubtaskKey
  /** Index of the subpartition inside the producer's result partition for this edge. */
  readonly subpartitionIndex: number
  readonly consumer: SubtaskKey
  /** Index of the channel inside the consumer's input gate. */
  readonly gateChannelIndex: number
  readonly producerWorker: number
  readonly consumerWorker: number
}

/** A subtask a worker must run. */
export interface TaskDeploymentDescriptor {
  readonly vertexId: string
  readonly subtaskIndex: number
  readonly attemptNumber: number
  /** Present when the job resumes from a checkpoint or savepoint. */
  readonly restore?: TaskRestoreDescriptor
}

/** Network and runtime settings workers need (resolved from the configuration). */
export interface RuntimeSettings {
  readonly segmentSizeBytes: number
  readonly buffersPerChannel: number
  readonly floatingBuffersPerGate: number
  readonly bufferTimeoutMs: number
  readonly autoWatermarkIntervalMs: number
  readonly metricsIntervalMs: number
  readonly latencyTracking: LatencyTrackingSettings
}

/** How sources emit latency markers and operators record them (metrics.latency.*). */
export interface LatencyTrackingSettings {
  /** 0: no marker at all. */
  readonly intervalMs: number
  readonly granularity: 'single' | 'operator' | 'subtask'
  readonly historySize: number
}


export type CoordinatorToWorker =
  | {
    type: 'deploy'
    jobId: string
    jobModuleUrl: string
    jobArgs: readonly string[]
    /** Raw configuration entries, so the worker rebuilds the same graph. */
    config: readonly { key: string; value: string }[]
    jobGraphFingerprint: string
    workerIndex: number
    tasks: readonly TaskDeploymentDescriptor[]
    /** Present when the job checkpoints. */
    checkpointing: CheckpointingSettings | undefined
    channels: readonly ChannelDescriptor[]
    settings: RuntimeSettings
    /** Ports to the other workers, by worker index (absent for this worker). */
    peers: readonly { workerIndex: number; port: MessagePort }[]
  }
  | { type: 'start' }
  | { type: 'cancel' }
  /** Stop-with-savepoint --drain: sources end their input now, as a bounded source does at its end. */
  | { type: 'drain' }
  /**
   * A checkpoint starts: the subtasks on this worker with no running upstream (`subtasks`: sources, and tasks whose
   * inputs all finished) take their snapshot and send its barrier on (Flink's triggerCheckpoint); every worker
   * learns where its subtasks write their state.
   */
  | {
    type: 'trigger-checkpoint'; location: CheckpointStorageLocationReference; triggerTimestampMs: number; subtasks: readonly SubtaskKey[]
    /**
     * When the barriers may overtake in-flight data (Flink's CheckpointOptions): 0 = unaligned from the start,
     * Infinity = always aligned (aligned mode, savepoints), otherwise aligned until the checkpoint's start delay
     * passes this many ms (execution.checkpointing.aligned-checkpoint-timeout).
     */
    unalignAfterMs: number
  }
  /**
   * Every subtask acknowledged and the metadata is written: commit side effects (Flink's notifyCheckpointComplete).
   * Sent for checkpoints and for the savepoint that ends a job (stop --drain), never for other savepoints.
   */
  | { type: 'notify-checkpoint-complete'; checkpointId: number }
  /** The checkpoint failed or expired: drop what is pending for it. */
  | { type: 'abort-checkpoint'; checkpointId: number }

/** What a task reports when its user code or the runtime failed. */
export interface TaskFailure {
  readonly subtask: SubtaskKey
  readonly taskName: string
  readonly code: string
  readonly message: string
  /** The operator whose code threw, when known. */
  readonly operatorName: string | undefined
  /** Stack of the thrown value (user frames first), when there is one. */
  readonly stack: string | undefined
  readonly domain: 'user' | 'external' | 'internal'
  /** False when a restart would fail the same way (SluiceError.isRecoverable): the job fails at once. */
  readonly isRecoverable: boolean
}

/** Raw counters of one subtask; the coordinator turns them into rates. */
export interface SubtaskMetricSample {
  readonly subtask: SubtaskKey
  readonly sampledAtMs: number
  readonly numRecordsIn: number
  readonly numRecordsOut: number
  readonly numBytesIn: number
  readonly numBytesOut: number
  readonly accumulatedBusyTimeMs: number
  readonly accumulatedIdleTimeMs: number
  readonly accumulatedBackPressuredTimeMs: number
  readonly currentInputWatermarkMs: number
  readonly currentOutputWatermarkMs: number
  /** Buffers in use ÷ capacity of the output pools (0 when the task has no network output). */
  readonly outPoolUsage: number
  /** Queued input buffers ÷ granted credits (0 when the task has no network input). */
  readonly inPoolUsage: number
}

/** How workers take part in checkpoints. */
export interface CheckpointingSettings {
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'
  /** `<execution.checkpointing.dir>/<job-id>` */
  readonly jobCheckpointDir: string
  /** execution.checkpointing.snapshot-compression */
  readonly isCompressed: boolean
}

/** What one operator of a subtask wrote for a checkpoint. */
export interface OperatorSubtaskStateHandle {
  readonly operatorId: string
  /** The file of its keyed state and timers (by key group), when it is keyed. */
  readonly keyedStateFile: StateFileHandle | undefined
  /** The key groups its keyed state covers. */
  readonly keyGroupRange: { readonly start: number; readonly end: number } | undefined
  /** Its own state (StreamOperator.snapshotState), JSON. */
  readonly operatorState: unknown
  /** The subtask's in-flight data of an unaligned checkpoint; only on the subtask's first operator. */
  readonly channelState?: ChannelStateHandle
}

/** The state one subtask resumes from: per operator, the former subtasks' files it needs (already verified by the coordinator). */
export interface TaskRestoreDescriptor {
  readonly checkpointId: number
  readonly operators: readonly {
    readonly operatorId: string
    /** Keyed state files of every former subtask whose key groups overlap this subtask's, with their directory. */
    readonly keyedStateFiles: readonly { readonly checkpointDir: string; readonly handle: StateFileHandle }[]
    /** The own states of the former subtasks assigned to this one (one, unless the parallelism shrank). */
    readonly operatorStates: readonly unknown[]
  }[]
  /** The subtask's in-flight data, when the checkpoint is unaligned (restored at the same parallelism only). */
  readonly channelState?: { readonly checkpointDir: string; readonly handle: StateFileHandle }
  /**
   * The subtask had ended its input when the checkpoint was taken (Flink's finished-on-restore): it restores its
   * state (a sink commits what it holds) but reads and emits nothing, and ends at the next checkpoint.
   */
  readonly isFinishedOnRestore?: boolean
}

/**
 * What one subtask reports when it acknowledges a checkpoint (Flink's SubtaskStateStats / CheckpointMetrics).
 * Plain data: it arrives in a worker's acknowledgement.
 */
export interface SubtaskCheckpointStats {
  readonly checkpointId: number
  readonly vertexId: string
  readonly subtaskIndex: number
  /** Epoch ms at which the subtask acknowledged (its async part finished). */
  readonly ackTimestampMs: number
  readonly syncDurationMs: number
  readonly asyncDurationMs: number
  /** Time from the first to the last barrier of an aligned checkpoint; 0 when unaligned. */
  readonly alignmentDurationMs: number
  /** Time from the trigger to the first barrier reaching the subtask. */
  readonly startDelayMs: number
  /** Full size of the subtask's state. */
  readonly stateSizeBytes: number
  /** Bytes this checkpoint wrote: the delta when incremental, else equal to `stateSizeBytes`. */
  readonly checkpointedSizeBytes: number
  /** In-flight bytes processed during alignment. */
  readonly processedInFlightBytes: number
  /** In-flight bytes persisted with an unaligned checkpoint. */
  readonly persistedInFlightBytes: number
  readonly isUnaligned: boolean
}

/** A subtask's acknowledgement of a checkpoint: its timings and sizes, and what its operators wrote. */
export interface SubtaskCheckpointAck {
  readonly subtask: SubtaskKey
  readonly stats: SubtaskCheckpointStats
  readonly operators: readonly OperatorSubtaskStateHandle[]
  /** The subtask had ended its input (its operators finished) when it took the snapshot. */
  readonly isFinished: boolean
}

/**
 * Why a subtask declined a checkpoint (Flink's CheckpointFailureReason of a decline): the first counts toward
 * tolerable checkpoint failures; a task not running yet, or already finishing, is no sign of an unhealthy job.
 */
export type CheckpointDeclineReason = 'CHECKPOINT_DECLINED' | 'CHECKPOINT_DECLINED_TASK_NOT_READY' | 'CHECKPOINT_DECLINED_TASK_CLOSING'

export type WorkerToCoordinator =
  | { type: 'deployed'; workerIndex: number }
  | { type: 'task-running'; subtask: SubtaskKey }
  /** The subtask's input ended and its operators finished: it waits for a checkpoint to commit and finish (FLIP-147). */
  | { type: 'task-end-of-input'; subtask: SubtaskKey }
  | { type: 'task-finished'; subtask: SubtaskKey }
  | { type: 'task-failed'; failure: TaskFailure }
  | {
    type: 'metrics'; workerIndex: number; samples: readonly SubtaskMetricSample[]; heapUsedBytes: number
    latency: readonly LatencyHistogramSample[]
    userMetrics: readonly UserMetricSample[]
  }
  | { type: 'worker-failed'; workerIndex: number; failure: Omit<TaskFailure, 'subtask' | 'taskName'> }
  | { type: 'canceled'; workerIndex: number }
  | { type: 'checkpoint-ack'; ack: SubtaskCheckpointAck }
  | { type: 'checkpoint-declined'; checkpointId: number; subtask: SubtaskKey; reason: CheckpointDeclineReason; detail: string }

/** Events that travel in order with the data of a channel. */
export type ChannelEvent =
  | { kind: 'end-of-partition' }
  /** An unaligned checkpoint's barrier: sent at once, ahead of the buffers queued for credit (Flink's priority event). */
  | { kind: 'priority-barrier'; checkpointId: number; triggerTimestampMs: number }
  /**
   * Sent right behind the buffer that ends with an in-line barrier that may turn unaligned (Flink's
   * EventAnnouncement): the consumer knows of the barrier while it still waits in its input queue.
   */
  | { kind: 'barrier-announcement'; checkpointId: number; triggerTimestampMs: number; unalignAfterMs: number }

export type WorkerToWorker =
  /** A filled network buffer; `buffer` is transferred, `backlog` = buffers still queued behind it. */
  | { type: 'buffer'; channelId: number; buffer: ArrayBuffer; length: number; backlog: number }
  | { type: 'event'; channelId: number; event: ChannelEvent }
  /** The consumer can take `credits` more buffers; `buffers` are recycled ones going home. */
  | { type: 'credit'; channelId: number; credits: number; buffers: ArrayBuffer[] }
