import type { LatencyHistogramSample, UserMetricSample } from '../../src/protocol/messages.js'
import type { MonitoredCheckpointMetrics, MonitoredJob, MonitoredJobGraph, MonitoredSubtaskMetrics } from '../../src/metrics/monitored-job.js'

/** A MonitoredJob whose status, subtask metrics and checkpoint values a test sets. */
export class TestingMonitoredJob implements MonitoredJob {
  readonly jobId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  readonly jobGraph: MonitoredJobGraph
  status = 'CREATED'
  numRestarts = 0
  checkpointStats: { metrics(): MonitoredCheckpointMetrics } | undefined
  subtaskMetrics: readonly MonitoredSubtaskMetrics[] = []
  heapUsedBytes = new Map<number, number>()
  latency: readonly LatencyHistogramSample[] = []
  userMetricSamples: readonly UserMetricSample[] = []
  isCancelled = false
  readonly #listeners: ((status: string) => void)[] = []

  constructor(options: { readonly jobGraph?: MonitoredJobGraph; readonly checkpoints?: Partial<MonitoredCheckpointMetrics> | false } = {}) {
    this.jobGraph = options.jobGraph ?? aJobGraph()
    const checkpoints = options.checkpoints ?? {}
    this.checkpointStats = checkpoints === false ? undefined : { metrics: () => ({ ...noCheckpoints(), ...checkpoints }) }
  }

  metrics(): readonly MonitoredSubtaskMetrics[] {
    return this.subtaskMetrics
  }

  workerHeapUsedBytes(): ReadonlyMap<number, number> {
    return this.heapUsedBytes
  }

  latencyHistograms(): readonly LatencyHistogramSample[] {
    return this.latency
  }

  userMetrics(): readonly UserMetricSample[] {
    return this.userMetricSamples
  }

  onStatusChange(listener: (status: string) => void): void {
    this.#listeners.push(listener)
  }

  /** Moves the job to `status` and tells the listeners, as the JobMaster does. */
  transition(status: string): void {
    this.status = status
    for (const listener of this.#listeners) listener(status)
  }

  async cancel(): Promise<unknown> {
    this.isCancelled = true
    this.transition('CANCELED')
    return undefined
  }
}

/** Two tasks: 'Source: Gen' (one operator) and 'Map -> Sink: Out' (two chained operators), both at parallelism 2. */
export function aJobGraph(): MonitoredJobGraph {
  return {
    jobName: 'Test Job',
    vertices: [
      { id: 'aaaa0000aaaa0000aaaa0000aaaa0000', name: 'Source: Gen', parallelism: 2, operators: [{ operatorId: 'aaaa0000aaaa0000aaaa0000aaaa0000', node: { name: 'Source: Gen' } }] },
      {
        id: 'bbbb1111bbbb1111bbbb1111bbbb1111', name: 'Map -> Sink: Out', parallelism: 2, operators: [
          { operatorId: 'bbbb1111bbbb1111bbbb1111bbbb1111', node: { name: 'Map' } },
          { operatorId: 'cccc2222cccc2222cccc2222cccc2222', node: { name: 'Sink: Out' } },
        ],
      },
    ],
  }
}

/** Subtask metrics with every value 0 except those given. */
export function aSubtaskMetrics(overrides: Partial<MonitoredSubtaskMetrics> & Pick<MonitoredSubtaskMetrics, 'vertexId' | 'subtaskIndex'>): MonitoredSubtaskMetrics {
  return {
    numRecordsIn: 0, numRecordsOut: 0, numBytesIn: 0, numBytesOut: 0, numRecordsInPerSecond: 0, numRecordsOutPerSecond: 0,
    numBytesInPerSecond: 0, numBytesOutPerSecond: 0, busyTimeMsPerSecond: 0, idleTimeMsPerSecond: 0,
    backPressuredTimeMsPerSecond: 0, accumulateBusyTimeMs: 0, accumulateIdleTimeMs: 0, accumulateBackPressuredTimeMs: 0,
    currentInputWatermark: Number.NEGATIVE_INFINITY, currentOutputWatermark: Number.NEGATIVE_INFINITY, inPoolUsage: 0, outPoolUsage: 0,
    ...overrides,
  }
}

function noCheckpoints(): MonitoredCheckpointMetrics {
  return {
    totalNumberOfCheckpoints: 0, numberOfInProgressCheckpoints: 0, numberOfCompletedCheckpoints: 0, numberOfFailedCheckpoints: 0,
    lastCheckpointDuration: undefined, lastCheckpointSize: undefined, lastCheckpointFullSize: undefined,
    lastCheckpointProcessedData: undefined, lastCheckpointPersistedData: undefined, lastCheckpointExternalPath: undefined,
    lastCompletedCheckpointId: undefined, lastCheckpointCompletedTimestamp: undefined, lastCheckpointRestoreTimestamp: undefined,
  }
}
