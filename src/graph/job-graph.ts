import type { Partitioner } from './partitioner.js'
import type { StreamNode } from './stream-graph.js'

/** An operator inside a chain, with where its output goes. */
export interface ChainedOperator {
  /** Stable operator id (32 hex chars), the key of its state in checkpoints. */
  readonly operatorId: string
  readonly node: StreamNode
  /** Operators of the same chain that receive this operator's output directly. */
  readonly chainedOutputs: readonly number[]
  /** Indexes into JobGraph.edges of the network edges leaving this operator. */
  readonly networkOutputs: readonly number[]
}

/** A task of the job: a chain of operators run as one subtask per parallel instance (Flink's JobVertex). */
export interface JobVertex {
  /** Stable vertex id (32 hex chars): the head operator's id, as in Flink. */
  readonly id: string
  /** Flink-style name: the chained operator names joined with " -> ". */
  readonly name: string
  readonly parallelism: number
  readonly maxParallelism: number
  /** Chain members in topological order; the first is the head. Keyed by StreamNode id. */
  readonly operators: readonly ChainedOperator[]
  /** Indexes into JobGraph.edges of the edges arriving at the head. */
  readonly inputs: readonly number[]
  readonly isSource: boolean
}

/** A network edge between two job vertices (Flink's JobEdge). */
export interface JobEdge {
  readonly index: number
  readonly sourceVertexId: string
  /** The StreamNode of the upstream chain that emits into this edge. */
  readonly sourceNodeId: number
  readonly targetVertexId: string
  readonly partitioner: Partitioner
  /** Logical input of the target head (2 only for the second input of a two-input operator). */
  readonly inputIndex: 1 | 2
}

/** The deployable job: vertices in topological order and the edges between them. */
export interface JobGraph {
  readonly jobName: string
  readonly maxParallelism: number
  readonly vertices: readonly JobVertex[]
  readonly edges: readonly JobEdge[]
  /** Digest of vertex ids, parallelisms and edges: workers check they rebuilt the same graph. */
  readonly fingerprint: string
}
