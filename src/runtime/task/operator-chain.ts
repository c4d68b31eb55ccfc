import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import { keyGroupRangeForOperator, type KeyGroupRange } from '../../state/key-group.js'
import { HeapKeyedStateBackend } from '../../state/heap/heap-keyed-state-backend.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { ProcessingTimeService } from '../../state/internal-timer-service.js'
import { HeapInternalTimeServiceManager } from '../../state/timer/heap-internal-time-service-manager.js'
import type { ResultPartition } from '../network/result-partition.js'
import type { Output, StreamOperator } from '../../operators/stream-operator.js'
import type { KeyedStateCheckpointing } from '../checkpointing/keyed-state-checkpointing.js'
import type { LatencyMarker, LatencyStats } from '../metrics/latency-stats.js'
import { UserMetricRegistry } from '../metrics/user-metric-registry.js'
import type { UserMetricSample } from '../../protocol/messages.js'
import type { OperatorRestore, OperatorSnapshot } from '../checkpointing/operator-snapshot.js'
import { OperatorRuntimeContext } from './operator-runtime-context.js'
import { RecordWriterOutput } from './record-writer-output.js'

/** Calls the next operator of the chain directly: no queue, no copy. */
class ChainingOutput implements Output<unknown> {
  constructor(private readonly next: StreamOperator) {}
  collect(value: unknown, timestampMs: number): void {
    this.next.processElement(value, timestampMs)
  }
  emitWatermark(watermarkMs: number): void {
    this.next.processWatermark(watermarkMs)
  }
}

/** Sends to several outputs: an operator whose result feeds more than one consumer. */
class BroadcastingOutput implements Output<unknown> {
  constructor(private readonly outputs: readonly Output<unknown>[]) {}
  collect(value: unknown, timestampMs: number): void {
    for (const output of this.outputs) output.collect(value, timestampMs)
  }
  emitWatermark(watermarkMs: number): void {
    for (const output of this.outputs) output.emitWatermark(watermarkMs)
  }
}

/** Tracks the last watermark leaving the chain, for the currentOutputWatermark metric. */
class WatermarkTrackingOutput implements Output<unknown> {
  constructor(private readonly inner: Output<unknown>, private readonly chain: OperatorChain) {}
  collect(value: unknown, timestampMs: number): void {
    this.inner.collect(value, timestampMs)
  }
  emitWatermark(watermarkMs: number): void {
    this.chain.outputWatermarkMs = watermarkMs
    this.inner.emitWatermark(watermarkMs)
  }
}

/** A sink at the end of a chain emits nothing; its watermark still counts as output. */
class TerminalOutput implements Output<unknown> {
  constructor(private readonly chain: OperatorChain) {}
  collect(): void {}
  emitWatermark(watermarkMs: number): void {
    this.chain.outputWatermarkMs = watermarkMs
  }
}

/** Where a latency marker goes after an operator: to another operator of the chain, or into a result partition. */
type LatencyMarkerRoute = { readonly operatorIndex: number } | { readonly partition: ResultPartition }

/** Everything the chain of one subtask needs from its task. */
export interface OperatorChainContext {
  readonly jobGraph: JobGraph
  readonly vertex: JobVertex
  readonly subtaskIndex: number
  readonly attemptNumber: number
  /** The subtask's result partition for each outgoing edge index. */
  readonly partitions: ReadonlyMap<number, ResultPartition>
  readonly processingTimeService: ProcessingTimeService
  /** How keyed state and timers are written into checkpoints and read back on a restore. */
  readonly keyedStateCheckpointing: KeyedStateCheckpointing
  /** Whether the job checkpoints (operators learn it through their context). */
  readonly isCheckpointingEnabled: boolean
  /** State to resume from, by operator id; undefined on a fresh start. */
  readonly restore?: ReadonlyMap<string, OperatorRestore>
}

/** The keyed parts of one chained operator, for snapshots and restores. */
interface KeyedParts {
  readonly backend: HeapKeyedStateBackend
  readonly timers: HeapInternalTimeServiceManager
  readonly keyGroupRange: KeyGroupRange
}

/**
 * The operators of one subtask wired together (Flink's OperatorChain): chained operators call
 * each other directly; the ends write into result partitions.
 */
export class OperatorChain {
  /** In topological order; [0] is the head. */
  readonly operators: StreamOperator[] = []
  readonly backends: KeyedStateBackend[] = []
  outputWatermarkMs = Number.NEGATIVE_INFINITY
  readonly #operatorIds: string[] = []
  readonly #keyedParts: (KeyedParts | undefined)[] = []
  readonly #latencyMarkerRoutes: LatencyMarkerRoute[][] = []
  readonly #userMetrics: UserMetricRegistry[] = []
  readonly #context: OperatorChainContext

  constructor(context: OperatorChainContext) {
    this.#context = context
    const { vertex, subtaskIndex, jobGraph } = context
    const byNodeId = new Map<number, StreamOperator>()
    for (const chained of vertex.operators) byNodeId.set(chained.node.id, chained.node.operatorFactory(chained.node.name) as StreamOperator)
    const indexByNodeId = new Map(vertex.operators.map((chained, i) => [chained.node.id, i]))
    for (const chained of vertex.operators) {
      const operator = byNodeId.get(chained.node.id)!
      const outputs: Output<unknown>[] = chained.chainedOutputs.map((nodeId) => new ChainingOutput(byNodeId.get(nodeId)!))
      for (const edgeIndex of chained.networkOutputs) {
        const edge = jobGraph.edges[edgeIndex]!
        const output = new RecordWriterOutput(context.partitions.get(edgeIndex)!, edge.partitioner, jobGraph.maxParallelism, subtaskIndex, operator.name)
        outputs.push(new WatermarkTrackingOutput(output, this))
      }
      const output = outputs.length === 0 ? new TerminalOutput(this) : outputs.length === 1 ? outputs[0]! : new BroadcastingOutput(outputs)
      let keyed: KeyedParts | undefined
      if (chained.node.keySelectors !== undefined) {
        const keyGroupRange = keyGroupRangeForOperator(jobGraph.maxParallelism, vertex.parallelism, subtaskIndex)
        const backend = new HeapKeyedStateBackend({ operatorName: operator.name, maxParallelism: jobGraph.maxParallelism, keyGroupRange })
        keyed = { backend, timers: new HeapInternalTimeServiceManager(backend, context.processingTimeService), keyGroupRange }
        this.backends.push(backend)
      }
      const userMetrics = new UserMetricRegistry(operator.name, chained.operatorId, subtaskIndex)
      this.#userMetrics.push(userMetrics)
      operator.setup({
        output,
        runtimeContext: new OperatorRuntimeContext(operator.name, subtaskIndex, vertex.parallelism, jobGraph.maxParallelism, context.attemptNumber,
          keyed?.backend, userMetrics.group),
        keyedStateBackend: keyed?.backend,
        processingTimeService: context.processingTimeService,
        timeServiceManager: keyed?.timers,
        isCheckpointingEnabled: context.isCheckpointingEnabled,
      })
      this.operators.push(operator)
      this.#operatorIds.push(chained.operatorId)
      this.#keyedParts.push(keyed)
      this.#latencyMarkerRoutes.push([
        ...chained.chainedOutputs.map((nodeId) => ({ operatorIndex: indexByNodeId.get(nodeId)! })),
        ...chained.networkOutputs.map((edgeIndex) => ({ partition: context.partitions.get(edgeIndex)! })),
      ])
    }
  }

  get head(): StreamOperator {
    return this.operators[0]!
  }

  /** The user metrics of every operator, at `nowMs`. */
  sampleUserMetrics(nowMs: number): UserMetricSample[] {
    return this.#userMetrics.flatMap((registry) => registry.sample(nowMs))
  }

  /** The operator ids, in chain order. */
  get operatorIds(): readonly string[] {
    return this.#operatorIds
  }

  /**
   * Passes a latency marker down the chain without the operators seeing it (Flink's
   * reportOrForwardLatencyMarker): every operator on its way records it (a source emitting it does
   * not), then one output picked at random takes it on, into one random channel.
   */
  forwardLatencyMarker(marker: LatencyMarker, stats: LatencyStats, nowMs: number, isFromSource: boolean): void {
    let index = 0
    if (!isFromSource) stats.report(marker, index, nowMs)
    for (;;) {
      const routes = this.#latencyMarkerRoutes[index]!
      if (routes.length === 0) return
      const route = routes[routes.length === 1 ? 0 : Math.floor(Math.random() * routes.length)]!
      if ('partition' in route) {
        route.partition.emitLatencyMarker(Math.floor(Math.random() * route.partition.subpartitions.length), marker)
        return
      }
      index = route.operatorIndex
      stats.report(marker, index, nowMs)
    }
  }

  /**
   * Restores state when the job resumes from a checkpoint, then opens operators from the tail to
   * the head, so every operator's consumers are ready first.
   */
  open(): void {
    const restore = this.#context.restore
    if (restore !== undefined) {
      for (let i = 0; i < this.operators.length; i++) {
        const restored = restore.get(this.#operatorIds[i]!)
        if (restored === undefined) continue
        const keyed = this.#keyedParts[i]
        if (keyed !== undefined && restored.keyedStates.length > 0) {
          this.#context.keyedStateCheckpointing.restore(keyed.backend, keyed.timers, keyed.keyGroupRange, restored.keyedStates)
        }
        this.operators[i]!.initializeState?.(restored.operatorStates)
      }
    }
    for (let i = this.operators.length - 1; i >= 0; i--) this.operators[i]!.open()
  }

  /** The synchronous part of a checkpoint: every operator's keyed and own state, between two elements. */
  snapshotState(checkpointId: number): OperatorSnapshot[] {
    const checkpointing = this.#context.keyedStateCheckpointing
    return this.operators.map((operator, i) => {
      const keyed = this.#keyedParts[i]
      return {
        operatorId: this.#operatorIds[i]!,
        keyedState: keyed === undefined ? undefined : checkpointing.snapshot(keyed.backend, keyed.timers, keyed.keyGroupRange),
        keyGroupRange: keyed?.keyGroupRange,
        operatorState: operator.snapshotState?.(checkpointId),
      }
    })
  }

  notifyCheckpointComplete(checkpointId: number): void {
    for (const operator of this.operators) operator.notifyCheckpointComplete?.(checkpointId)
  }

  /** Input ended: every operator flushes, head first (the end-of-input watermark already passed). */
  endInput(): void {
    for (const operator of this.operators) operator.endInput()
  }

  close(): void {
    for (const operator of this.operators) operator.close()
    for (const backend of this.backends) backend.dispose()
  }
}
