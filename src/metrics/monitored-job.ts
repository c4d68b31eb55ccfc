import type { LatencyHistogramSample, UserMetricSample } from './reported-metric-samples.js'

/**
 * What the metric system reads from a running job: exactly the read-only parts of the coordinator's JobMaster that
 * it needs, declared here so that metrics/ does not import the coordinator (the JobMaster satisfies it as is).
 */
export interface MonitoredJob {
  readonly jobId: string
  readonly jobGraph: MonitoredJobGraph
  readonly status: string
  readonly numRestarts: number
  readonly checkpointStats: { metrics(): MonitoredCheckpointMetrics } | undefined
  /** The latest metrics of every subtask: an immutable snapshot, replaced (not changed) when new samples arrive. */
  metrics(): readonly MonitoredSubtaskMetrics[]
  /** Heap in use per worker thread, from the workers' last metrics reports. */
  workerHeapUsedBytes(): ReadonlyMap<number, number>
  /** The latest latency histograms (metrics.latency.*); empty without latency tracking. */
  latencyHistograms(): readonly LatencyHistogramSample[]
  /** The latest value of every user metric functions registered. */
  userMetrics(): readonly UserMetricSample[]
  onStatusChange(listener: (status: string) => void): void
  cancel(): Promise<unknown>
}

/** The parts of the JobGraph that name groups: job name, vertices (tasks) and their chained operators. */
export interface MonitoredJobGraph {
  readonly jobName: string
  readonly vertices: readonly {
    readonly id: string
    readonly name: string
    readonly parallelism: number
    readonly operators: readonly { readonly operatorId: string; readonly node: { readonly name: string } }[]
  }[]
}

/**
 * One subtask's metrics under Flink's task-scope names and meanings (the coordinator's SubtaskMetrics, defined here
 * because the coordinator may import metrics/ and not the other way round). Rates are per second over the last
 * minute (or since the start, if shorter).
 */
export interface MonitoredSubtaskMetrics {
  readonly vertexId: string
  readonly subtaskIndex: number
  readonly numRecordsIn: number
  readonly numRecordsOut: number
  readonly numBytesIn: number
  readonly numBytesOut: number
  readonly numRecordsInPerSecond: number
  readonly numRecordsOutPerSecond: number
  readonly numBytesInPerSecond: number
  readonly numBytesOutPerSecond: number
  readonly busyTimeMsPerSecond: number
  readonly idleTimeMsPerSecond: number
  readonly backPressuredTimeMsPerSecond: number
  readonly accumulateBusyTimeMs: number
  readonly accumulateIdleTimeMs: number
  readonly accumulateBackPressuredTimeMs: number
  /** Epoch ms; -Infinity before the first watermark, +Infinity after the end of input. */
  readonly currentInputWatermark: number
  readonly currentOutputWatermark: number
  readonly inPoolUsage: number
  readonly outPoolUsage: number
}

/**
 * The job-level checkpoint metrics Flink's DefaultCheckpointStatsTracker registers (the coordinator's
 * CheckpointStatsMetrics); undefined where Flink shows -1 or "n/a".
 */
export interface MonitoredCheckpointMetrics {
  readonly totalNumberOfCheckpoints: number
  readonly numberOfInProgressCheckpoints: number
  readonly numberOfCompletedCheckpoints: number
  readonly numberOfFailedCheckpoints: number
  /** ms, of the latest completed checkpoint or savepoint (as all lastCheckpoint* values, like Flink's gauges). */
  readonly lastCheckpointDuration: number | undefined
  /** Checkpointed (incremental) bytes. */
  readonly lastCheckpointSize: number | undefined
  readonly lastCheckpointFullSize: number | undefined
  readonly lastCheckpointProcessedData: number | undefined
  readonly lastCheckpointPersistedData: number | undefined
  readonly lastCheckpointExternalPath: string | undefined
  readonly lastCompletedCheckpointId: number | undefined
  readonly lastCheckpointCompletedTimestamp: number | undefined
  readonly lastCheckpointRestoreTimestamp: number | undefined
}
