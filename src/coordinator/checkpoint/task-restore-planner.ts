import { ChannelStateMismatchError, SourceRescaleUnsupportedError, UnmappedCheckpointStateError } from '../../errors.js'
import { channelLayoutOf } from '../../graph/channel-layout.js'
import type { JobGraph } from '../../graph/job-graph.js'
import { keyGroupRangeForOperator, type KeyGroupRange } from '../../state/key-group.js'
import type { TaskRestoreDescriptor } from '../../protocol/messages.js'
import type { CheckpointMetadata } from '../../state/checkpoint-storage/checkpoint-metadata.js'
import { subtaskKeyString } from './subtask-checkpoint-stats.js'

/** A checkpoint or savepoint to resume from: its directory and verified metadata. */
export interface RestoreSource {
  readonly checkpointDir: string
  readonly metadata: CheckpointMetadata
}

/**
 * Maps a checkpoint's state onto the subtasks of the job about to run (Flink's
 * StateAssignmentOperation): state by operator id; keyed state by key group, so a subtask reads
 * the files of every former subtask whose key groups overlap its own (rescaling); an operator's
 * own state of former subtask j goes to subtask j modulo the new parallelism.
 */
export function planTaskRestores(jobGraph: JobGraph, source: RestoreSource, options: { readonly allowNonRestoredState: boolean }):
  Map<string, TaskRestoreDescriptor> {
  const { checkpointDir, metadata } = source
  const byOperatorId = new Map(metadata.operators.map((operator) => [operator.operatorId, operator]))
  const jobOperatorIds = new Set(jobGraph.vertices.flatMap((vertex) => vertex.operators.map((op) => op.operatorId)))
  // state only counts as unmapped when there is some: stateless operators may come and go
  const unmapped = metadata.operators.filter((operator) => !jobOperatorIds.has(operator.operatorId) && hasState(operator))
  if (unmapped.length > 0 && !options.allowNonRestoredState) throw new UnmappedCheckpointStateError(checkpointDir, unmapped.map((o) => o.operatorId))

  for (const vertex of jobGraph.vertices) {
    const sourceState = vertex.isSource ? byOperatorId.get(vertex.operators[0]!.operatorId) : undefined
    if (sourceState !== undefined && sourceState.parallelism !== vertex.parallelism) {
      throw new SourceRescaleUnsupportedError(vertex.operators[0]!.node.name, sourceState.parallelism, vertex.parallelism)
    }
  }
  checkChannelStateFits(jobGraph, byOperatorId)
  const restores = new Map<string, TaskRestoreDescriptor>()
  for (const vertex of jobGraph.vertices) {
    for (let subtaskIndex = 0; subtaskIndex < vertex.parallelism; subtaskIndex++) {
      const range = keyGroupRangeForOperator(jobGraph.maxParallelism, vertex.parallelism, subtaskIndex)
      const operators = vertex.operators.flatMap((chained) => {
        const state = byOperatorId.get(chained.operatorId)
        if (state === undefined) return []
        const keyedStateFiles = state.subtasks
          .filter((subtask) => overlaps(keyGroupRangeOf(subtask.backendState), range))
          .flatMap((subtask) => subtask.stateFiles.map((handle) => ({ checkpointDir, handle })))
        // operator state of former subtask j goes to subtask j mod parallelism (one each, unless rescaled down)
        const operatorStates = state.subtasks
          .filter((subtask) => subtask.subtaskIndex % vertex.parallelism === subtaskIndex)
          .map((subtask) => subtask.backendState.operatorState ?? null)
          .filter((operatorState) => operatorState !== null)
        return [{ operatorId: chained.operatorId, keyedStateFiles, operatorStates }]
      })
      const channelState = byOperatorId.get(vertex.operators[0]!.operatorId)?.subtasks.find((s) => s.subtaskIndex === subtaskIndex)?.channelState
      restores.set(subtaskKeyString({ vertexId: vertex.id, subtaskIndex }), {
        checkpointId: metadata.checkpointId, operators,
        ...(channelState !== undefined ? { channelState: { checkpointDir, handle: channelState.file } } : {}),
      })
    }
  }
  return restores
}

/**
 * In-flight data was recorded per channel: it fits only a vertex whose channels are laid out as they were (same
 * parallelism, same neighbours at the same parallelism, same partitioning), and it must not be dropped.
 */
function checkChannelStateFits(jobGraph: JobGraph, byOperatorId: ReadonlyMap<string, CheckpointMetadata['operators'][number]>): void {
  const headOperatorIds = new Set(jobGraph.vertices.map((vertex) => vertex.operators[0]!.operatorId))
  for (const [operatorId, state] of byOperatorId) {
    if (!headOperatorIds.has(operatorId) && state.subtasks.some((s) => s.channelState !== undefined)) {
      throw new ChannelStateMismatchError(`operator ${operatorId}`, 'it holds in-flight data but no longer heads a task of the job ' +
        '(it was removed, or chaining changed), and in-flight data cannot be dropped without losing records')
    }
  }
  for (const vertex of jobGraph.vertices) {
    const recorded = byOperatorId.get(vertex.operators[0]!.operatorId)?.subtasks.find((s) => s.channelState !== undefined)?.channelState
    if (recorded === undefined) continue
    const layout = channelLayoutOf(jobGraph, vertex)
    if (recorded.layout !== layout) {
      throw new ChannelStateMismatchError(`'${vertex.name}'`, `its channels changed since the checkpoint (then: ${recorded.layout}; now: ${layout})`)
    }
  }
}

function hasState(operator: CheckpointMetadata['operators'][number]): boolean {
  return operator.subtasks.some((subtask) => subtask.stateFiles.length > 0 || (subtask.backendState.operatorState ?? null) !== null)
}

function keyGroupRangeOf(backendState: CheckpointMetadata['operators'][number]['subtasks'][number]['backendState']): KeyGroupRange | undefined {
  const range = backendState.keyGroupRange as { start: number; end: number } | null | undefined
  return range ?? undefined
}

function overlaps(a: KeyGroupRange | undefined, b: KeyGroupRange): boolean {
  return a !== undefined && a.start <= b.end && b.start <= a.end
}
