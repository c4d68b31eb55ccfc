import type { JobGraph } from '../../graph/job-graph.js'
import type { ChannelDescriptor, TaskDeploymentDescriptor } from '../../protocol/messages.js'

/** Where every subtask runs and how the channels between them are numbered. */
export interface DeploymentPlan {
  readonly numWorkers: number
  readonly slotsPerWorker: number
  /** Tasks per worker index. */
  readonly tasksByWorker: readonly (readonly TaskDeploymentDescriptor[])[]
  readonly channels: readonly ChannelDescriptor[]
}

/**
 * Places subtasks the way Flink's slot sharing does: slot i holds subtask i of every vertex,
 * and worker w hosts slots [w·slots, (w+1)·slots). Channels follow the edges: pointwise
 * (forward) edges connect subtask i to i, all-to-all edges every producer to every consumer.
 */
export function planDeployment(jobGraph: JobGraph, slotsPerWorker: number, attemptNumber: number): DeploymentPlan {
  const maxParallelism = Math.max(...jobGraph.vertices.map((v) => v.parallelism))
  const numWorkers = Math.ceil(maxParallelism / slotsPerWorker)
  const workerOf = (subtaskIndex: number) => Math.floor(subtaskIndex / slotsPerWorker)
  const tasksByWorker: TaskDeploymentDescriptor[][] = Array.from({ length: numWorkers }, () => [])
  for (const vertex of jobGraph.vertices) {
    for (let i = 0; i < vertex.parallelism; i++) tasksByWorker[workerOf(i)]!.push({ vertexId: vertex.id, subtaskIndex: i, attemptNumber })
  }
  const verticesById = new Map(jobGraph.vertices.map((v) => [v.id, v]))
  const channels: ChannelDescriptor[] = []
  const gateSizes = new Map<string, number>()
  const nextGateIndex = (vertexId: string, subtaskIndex: number): number => {
    const key = `${vertexId}/${subtaskIndex}`
    const index = gateSizes.get(key) ?? 0
    gateSizes.set(key, index + 1)
    return index
  }
  for (const edge of jobGraph.edges) {
    const producer = verticesById.get(edge.sourceVertexId)!
    const consumer = verticesById.get(edge.targetVertexId)!
    for (let p = 0; p < producer.parallelism; p++) {
      const targets = edge.partitioner.kind === 'forward' ? [p] : Array.from({ length: consumer.parallelism }, (_, c) => c)
      targets.forEach((c, subpartitionIndex) => {
        channels.push({
          channelId: channels.length,
          edgeIndex: edge.index,
          producer: { vertexId: producer.id, subtaskIndex: p },
          subpartitionIndex,
          consumer: { vertexId: consumer.id, subtaskIndex: c },
          gateChannelIndex: nextGateIndex(consumer.id, c),
          producerWorker: workerOf(p),
          consumerWorker: workerOf(c),
        })
      })
    }
  }
  return { numWorkers, slotsPerWorker, tasksByWorker, channels }
}
