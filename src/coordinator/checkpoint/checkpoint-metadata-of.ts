import type { JobGraph } from '../../graph/job-graph.js'
import type { OperatorSubtaskStateHandle, SubtaskKey } from '../../protocol/messages.js'
import type { CheckpointMetadata, JsonObject, OperatorStateMetadata } from '../../state/checkpoint-storage/checkpoint-metadata.js'
import type { PendingCheckpoint } from './pending-checkpoint.js'

/** The per-subtask state a completed checkpoint keeps: what every operator of the subtask wrote, and whether its input had ended. */
export interface SubtaskStateHandle {
  readonly operators: readonly OperatorSubtaskStateHandle[]
  readonly isFinished: boolean
}

/**
 * The `_metadata` of a fully acknowledged checkpoint: per operator, every subtask's state files and backend state;
 * subtasks that had finished before the trigger are stored as finished, holding nothing (Flink's
 * FinishedOperatorSubtaskState).
 */
export function checkpointMetadataOf(fields: {
  readonly jobGraph: JobGraph
  readonly jobId: string
  readonly isCompressed: boolean
  readonly checkpoint: PendingCheckpoint<SubtaskStateHandle>
  readonly finishedTasks: readonly SubtaskKey[]
  readonly completionTimestampMs: number
}): CheckpointMetadata {
  const { jobGraph, checkpoint } = fields
  const operators = new Map<string, { parallelism: number; subtasks: OperatorStateMetadata['subtasks'][number][] }>()
  const subtasksOf = (operatorId: string, parallelism: number) => {
    let entry = operators.get(operatorId)
    if (entry === undefined) operators.set(operatorId, entry = { parallelism, subtasks: [] })
    return entry.subtasks
  }
  for (const ack of checkpoint.acknowledgements) {
    const vertex = jobGraph.vertices.find((v) => v.id === ack.subtask.vertexId)!
    for (const operator of ack.stateHandle.operators) {
      const backendState: JsonObject = {
        keyGroupRange: operator.keyGroupRange === undefined ? null : { start: operator.keyGroupRange.start, end: operator.keyGroupRange.end },
        operatorState: (operator.operatorState ?? null) as JsonObject[string],
      }
      subtasksOf(operator.operatorId, vertex.parallelism).push({
        subtaskIndex: ack.subtask.subtaskIndex, stateFiles: operator.keyedStateFile === undefined ? [] : [operator.keyedStateFile], backendState,
        ...(operator.channelState !== undefined ? { channelState: operator.channelState } : {}),
        ...(ack.stateHandle.isFinished ? { isFinished: true } : {}),
      })
    }
  }
  for (const finished of fields.finishedTasks) {
    const vertex = jobGraph.vertices.find((v) => v.id === finished.vertexId)!
    for (const chained of vertex.operators) {
      subtasksOf(chained.operatorId, vertex.parallelism).push({
        subtaskIndex: finished.subtaskIndex, stateFiles: [], backendState: { keyGroupRange: null, operatorState: null }, isFinished: true,
      })
    }
  }
  return {
    checkpointId: checkpoint.checkpointId,
    jobId: fields.jobId,
    isSavepoint: checkpoint.isSavepoint,
    triggerTimestampMs: checkpoint.triggerTimestampMs,
    completionTimestampMs: fields.completionTimestampMs,
    isCompressed: fields.isCompressed,
    operators: [...operators].map(([operatorId, { parallelism, subtasks }]) => ({
      operatorId, parallelism, maxParallelism: jobGraph.maxParallelism, subtasks: subtasks.sort((a, b) => a.subtaskIndex - b.subtaskIndex),
    })),
  }
}
