import type { SubtaskKey } from '../../protocol/messages.js'
import type { ExecutionState } from '../job/execution-state.js'

/** One subtask as the checkpoint planner sees it: its state, and the subtasks that feed its input channels. */
export interface PlannedSubtask {
  readonly key: SubtaskKey
  readonly state: ExecutionState
  /** The subtasks at the producing end of its input channels (none for a source). */
  readonly upstream: readonly SubtaskKey[]
}

/**
 * Who takes part in one checkpoint (Flink's CheckpointPlan, FLIP-147): checkpoints go on while some subtasks have
 * finished. A finished subtask is left out and stored as finished, without state; every other subtask acknowledges;
 * those whose upstream all finished (sources, and tasks fed only by finished ones) are triggered directly, since no
 * barrier reaches them any more.
 */
export interface CheckpointPlan {
  readonly tasksToTrigger: readonly SubtaskKey[]
  readonly tasksToWaitFor: readonly SubtaskKey[]
  readonly finishedTasks: readonly SubtaskKey[]
}

/** The plan for a checkpoint triggered now; undefined while a subtask still deploys or when every subtask finished. */
export function calculateCheckpointPlan(subtasks: readonly PlannedSubtask[], keyOf: (key: SubtaskKey) => string): CheckpointPlan | undefined {
  if (subtasks.some((subtask) => subtask.state === 'DEPLOYING')) return undefined
  const finished = new Set(subtasks.filter((subtask) => subtask.state === 'FINISHED').map((subtask) => keyOf(subtask.key)))
  const running = subtasks.filter((subtask) => subtask.state === 'RUNNING')
  if (running.length === 0) return undefined
  return {
    tasksToTrigger: running.filter((subtask) => subtask.upstream.every((key) => finished.has(keyOf(key)))).map((subtask) => subtask.key),
    tasksToWaitFor: running.map((subtask) => subtask.key),
    finishedTasks: subtasks.filter((subtask) => subtask.state === 'FINISHED').map((subtask) => subtask.key),
  }
}
