import { createHash } from 'node:crypto'
import { DuplicateUidError } from '../errors.js'
import type { ChainedOperator, JobEdge, JobGraph, JobVertex } from './job-graph.js'
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js'

/** Flink's StreamingJobGraphGenerator.isChainable: forward, equal parallelism, single input, strategies allow. */
export function isChainable(edge: StreamEdge): boolean {
  return edge.target.inEdges.length === 1 &&
    edge.partitioner.kind === 'forward' &&
    edge.source.parallelism === edge.target.parallelism &&
    edge.target.chainingStrategy === 'ALWAYS' &&
    edge.source.chainingStrategy !== 'NEVER' &&
    edge.target.kind !== 'two-input'
}

/** Chains a StreamGraph into a JobGraph and assigns the stable operator and vertex ids. */
export function generateJobGraph(streamGraph: StreamGraph): JobGraph {
  const hashes = computeNodeHashes(streamGraph)
  const chainHeads = streamGraph.nodes.filter((node) => node.inEdges.length === 0 || !node.inEdges.every(isChainable))
  const vertexOfNode = new Map<number, string>()
  const chains = new Map<string, StreamNode[]>()
  for (const head of chainHeads) {
    const vertexId = hashes.get(head.id)!
    const members: StreamNode[] = []
    const visit = (node: StreamNode): void => {
      members.push(node)
      vertexOfNode.set(node.id, vertexId)
      for (const edge of node.outEdges) if (isChainable(edge)) visit(edge.target)
    }
    visit(head)
    chains.set(vertexId, members)
  }

  const edges: JobEdge[] = []
  const edgeIndex = new Map<StreamEdge, number>()
  for (const node of streamGraph.nodes) {
    for (const edge of node.outEdges) {
      if (isChainable(edge)) continue
      const index = edges.length
      edgeIndex.set(edge, index)
      edges.push({
        index,
        sourceVertexId: vertexOfNode.get(edge.source.id)!,
        sourceNodeId: edge.source.id,
        targetVertexId: vertexOfNode.get(edge.target.id)!,
        partitioner: edge.partitioner,
        inputIndex: edge.inputIndex,
      })
    }
  }

  const unordered: JobVertex[] = []
  for (const [vertexId, members] of chains) {
    const head = members[0]!
    const operators: ChainedOperator[] = members.map((node) => ({
      operatorId: hashes.get(node.id)!,
      node,
      chainedOutputs: node.outEdges.filter(isChainable).map((e) => e.target.id),
      networkOutputs: node.outEdges.filter((e) => !isChainable(e)).map((e) => edgeIndex.get(e)!),
    }))
    unordered.push({
      id: vertexId,
      name: vertexName(members),
      parallelism: head.parallelism,
      maxParallelism: streamGraph.maxParallelism,
      operators,
      inputs: head.inEdges.map((e) => edgeIndex.get(e)!),
      isSource: head.kind === 'source',
    })
  }
  const vertices = topologicalOrder(unordered, edges)
  return { jobName: streamGraph.jobName, maxParallelism: streamGraph.maxParallelism, vertices, edges, fingerprint: fingerprintOf(vertices, edges) }
}

function vertexName(members: readonly StreamNode[]): string {
  return members.map((node) => (node.kind === 'source' ? `Source: ${node.name}` : node.kind === 'sink' ? `Sink: ${node.name}` : node.name)).join(' -> ')
}

/**
 * Deterministic operator hashes (the idea of Flink's StreamGraphHasherV2): a uid hashes alone, so
 * state survives changes elsewhere in the job; otherwise the position in a breadth-first
 * traversal from the sources plus the hashes of the inputs.
 */
function computeNodeHashes(streamGraph: StreamGraph): Map<number, string> {
  const hashes = new Map<number, string>()
  const queue = streamGraph.nodes.filter((n) => n.inEdges.length === 0)
  const seenUids = new Set<string>()
  let position = 0
  while (queue.length > 0) {
    const node = queue.shift()!
    if (hashes.has(node.id)) continue
    if (!node.inEdges.every((e) => hashes.has(e.source.id))) {
      queue.push(node)
      continue
    }
    let hash: string
    if (node.uid !== undefined) {
      if (seenUids.has(node.uid)) throw new DuplicateUidError(node.uid)
      seenUids.add(node.uid)
      hash = md5(`uid:${node.uid}`)
    } else {
      const inputs = node.inEdges.map((e) => `${hashes.get(e.source.id)}/${e.inputIndex}`).join(',')
      hash = md5(`node:${position}:${node.kind}:${inputs}`)
    }
    position++
    hashes.set(node.id, hash)
    for (const edge of node.outEdges) queue.push(edge.target)
  }
  return hashes
}

function topologicalOrder(vertices: JobVertex[], edges: readonly JobEdge[]): JobVertex[] {
  const byId = new Map(vertices.map((v) => [v.id, v]))
  const ordered: JobVertex[] = []
  const placed = new Set<string>()
  while (ordered.length < vertices.length) {
    for (const vertex of vertices) {
      if (placed.has(vertex.id)) continue
      if (vertex.inputs.every((i) => placed.has(edges[i]!.sourceVertexId))) {
        placed.add(vertex.id)
        ordered.push(byId.get(vertex.id)!)
      }
    }
  }
  return ordered
}

function fingerprintOf(vertices: readonly JobVertex[], edges: readonly JobEdge[]): string {
  const parts = vertices.map((v) => `${v.id}:${v.parallelism}:${v.operators.map((o) => o.operatorId).join('+')}`)
  for (const e of edges) parts.push(`${e.sourceVertexId}>${e.targetVertexId}:${e.partitioner.kind}:${e.inputIndex}`)
  return md5(parts.join('|'))
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex')
}
