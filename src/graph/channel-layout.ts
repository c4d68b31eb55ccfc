import type { JobGraph, JobVertex } from './job-graph.js'

/**
 * What the network channels of a vertex's subtasks depend on: its parallelism and, per input and output edge in
 * the order a subtask lays out its gate and partitions, the vertex at the other end, its parallelism and the
 * partitioning. In-flight data recorded by an unaligned checkpoint fits a job only where this is unchanged.
 */
export function channelLayoutOf(jobGraph: JobGraph, vertex: JobVertex): string {
  const vertexById = new Map(jobGraph.vertices.map((v) => [v.id, v]))
  const end = (vertexId: string, partitioner: string, inputIndex: number): string => {
    const other = vertexById.get(vertexId)!
    return `${other.id}/${other.parallelism}/${partitioner}/${inputIndex}`
  }
  const inputs = jobGraph.edges.filter((e) => e.targetVertexId === vertex.id)
    .map((e) => end(e.sourceVertexId, e.partitioner.kind, e.inputIndex))
  const outputs = jobGraph.edges.filter((e) => e.sourceVertexId === vertex.id)
    .map((e) => end(e.targetVertexId, e.partitioner.kind, e.inputIndex))
  return `p${vertex.parallelism} in[${inputs.join(',')}] out[${outputs.join(',')}]`
}
