import { InvalidJobGraphError } from '../errors.js'
import type { Partitioner } from './partitioner.js'
import type { ChainingStrategy, OperatorFactory, Transformation, TransformationKind } from './transformation.js'

/** A physical operator of the pipeline with its resolved parallelism (Flink's StreamNode). */
export interface StreamNode {
  readonly id: number
  readonly name: string
  readonly uid: string | undefined
  readonly kind: Exclude<TransformationKind, 'union' | 'partition'>
  readonly parallelism: number
  readonly chainingStrategy: ChainingStrategy
  readonly operatorFactory: OperatorFactory
  readonly keySelectors: readonly ((value: any) => unknown)[] | undefined
  readonly inEdges: StreamEdge[]
  readonly outEdges: StreamEdge[]
}

/** A connection between two stream nodes with its partitioner (Flink's StreamEdge). */
export interface StreamEdge {
  readonly source: StreamNode
  readonly target: StreamNode
  readonly partitioner: Partitioner
  /** Whether the partitioner was chosen by default (forward/rebalance) rather than by the user. */
  readonly isDefaultPartitioner: boolean
  readonly inputIndex: 1 | 2
}

/** The physical operators and edges of a pipeline. */
export interface StreamGraph {
  readonly jobName: string
  readonly maxParallelism: number
  /** In transformation order (the order the API created them). */
  readonly nodes: readonly StreamNode[]
}

/** Options that resolve parallelism. */
export interface StreamGraphOptions {
  readonly jobName: string
  readonly defaultParallelism: number
  readonly maxParallelism: number
}

/** Turns recorded transformations into a StreamGraph: resolves virtual nodes, parallelism and default partitioners. */
export function buildStreamGraph(transformations: readonly Transformation[], options: StreamGraphOptions): StreamGraph {
  const nodes = new Map<number, StreamNode & { inEdges: StreamEdge[]; outEdges: StreamEdge[] }>()
  const sorted = [...transformations].sort((a, b) => a.id - b.id)
  for (const t of sorted) {
    if (t.kind === 'union' || t.kind === 'partition') continue
    if (t.operatorFactory === undefined) throw new InvalidJobGraphError(`transformation '${t.name}' has no operator`)
    const node = {
      id: t.id,
      name: t.name,
      uid: t.uid,
      kind: t.kind,
      parallelism: resolveParallelism(t, options),
      chainingStrategy: t.chainingStrategy,
      operatorFactory: t.operatorFactory,
      keySelectors: t.keySelectors,
      inEdges: [] as StreamEdge[],
      outEdges: [] as StreamEdge[],
    }
    nodes.set(t.id, node)
    for (const input of t.inputs) {
      for (const upstream of resolvePhysicalInputs(input.transformation, input.partitioner)) {
        const source = nodes.get(upstream.transformation.id)
        if (source === undefined) throw new InvalidJobGraphError(`'${t.name}' reads from '${upstream.transformation.name}', which was created later`)
        const isDefault = upstream.partitioner === undefined
        const partitioner: Partitioner = upstream.partitioner ??
          (source.parallelism === node.parallelism ? { kind: 'forward' } : { kind: 'rebalance' })
        if (partitioner.kind === 'forward' && source.parallelism !== node.parallelism) {
          throw new InvalidJobGraphError(`forward edge from '${source.name}' (parallelism ${source.parallelism}) to '${node.name}' (parallelism ${node.parallelism}) needs equal parallelism; use rebalance()`)
        }
        const edge: StreamEdge = { source, target: node, partitioner, isDefaultPartitioner: isDefault, inputIndex: input.inputIndex }
        source.outEdges.push(edge)
        node.inEdges.push(edge)
      }
    }
  }
  const all = [...nodes.values()]
  if (!all.some((n) => n.kind === 'sink')) throw new InvalidJobGraphError('the job defines no sink; end the pipeline with sinkTo(...) or print()')
  for (const node of all) {
    if (node.kind !== 'sink' && node.outEdges.length === 0) {
      throw new InvalidJobGraphError(`the output of '${node.name}' goes nowhere; end it with sinkTo(...) or print()`)
    }
  }
  return { jobName: options.jobName, maxParallelism: options.maxParallelism, nodes: all }
}

function resolveParallelism(t: Transformation, options: StreamGraphOptions): number {
  const limit = t.parallelismLimit ?? Number.POSITIVE_INFINITY
  if (t.parallelism !== undefined) {
    if (t.parallelism > limit) throw new InvalidJobGraphError(`'${t.name}' supports at most ${limit} parallel subtask(s) but setParallelism(${t.parallelism}) asks for more`)
    if (t.parallelism > options.maxParallelism) throw new InvalidJobGraphError(`'${t.name}' has parallelism ${t.parallelism} above pipeline.max-parallelism ${options.maxParallelism}`)
    return t.parallelism
  }
  return Math.min(options.defaultParallelism, limit, options.maxParallelism)
}

interface PhysicalInput {
  readonly transformation: Transformation
  readonly partitioner: Partitioner | undefined
}

function resolvePhysicalInputs(t: Transformation, partitioner: Partitioner | undefined): PhysicalInput[] {
  if (t.kind === 'union') return t.inputs.flatMap((input) => resolvePhysicalInputs(input.transformation, partitioner ?? input.partitioner))
  if (t.kind === 'partition') {
    const input = t.inputs[0]
    if (input === undefined) throw new InvalidJobGraphError(`partitioning '${t.name}' has no input`)
    // the partitioning closest to the consumer wins, as in Flink
    return resolvePhysicalInputs(input.transformation, partitioner ?? t.partitioner)
  }
  return [{ transformation: t, partitioner }]
}
