import type { MessagePort } from 'node:worker_threads'

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
}

/** Network and runtime settings workers need (resolved from the configuration). */
export interface RuntimeSettings {
  readonly segmentSizeBytes: number
  readonly buffersPerChannel: number
  readonly floatingBuffersPerGate: number
  readonly bufferTimeoutMs: number
  readonly autoWatermarkIntervalMs: number
  readonly metricsIntervalMs: number
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
    channels: readonly ChannelDescriptor[]
    settings: RuntimeSettings
    /** Ports to the other workers, by worker index (absent for this worker). */
    peers: readonly { workerIndex: number; port: MessagePort }[]
  }
  | { type: 'start' }
  | { type: 'cancel' }

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

export type WorkerToCoordinator =
  | { type: 'deployed'; workerIndex: number }
  | { type: 'task-running'; subtask: SubtaskKey }
  | { type: 'task-finished'; subtask: SubtaskKey }
  | { type: 'task-failed'; failure: TaskFailure }
  | { type: 'metrics'; workerIndex: number; samples: readonly SubtaskMetricSample[]; heapUsedBytes: number }
  | { type: 'worker-failed'; workerIndex: number; failure: Omit<TaskFailure, 'subtask' | 'taskName'> }
  | { type: 'canceled'; workerIndex: number }

/** Events that travel in order with the data of a channel. */
export type ChannelEvent = { kind: 'end-of-partition' }

export type WorkerToWorker =
  /** A filled network buffer; `buffer` is transferred, `backlog` = buffers still queued behind it. */
  | { type: 'buffer'; channelId: number; buffer: ArrayBuffer; length: number; backlog: number }
  | { type: 'event'; channelId: number; event: ChannelEvent }
  /** The consumer can take `credits` more buffers; `buffers` are recycled ones going home. */
  | { type: 'credit'; channelId: number; credits: number; buffers: ArrayBuffer[] }
