import { ChannelStateMismatchError, IncompatibleSourceStateError, UnmappedCheckpointStateError } from '../../errors.js'
import { channelLayoutOf } from '../../graph/channel-layout.js'
import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import { isSourceOperatorState, type AssignedSplit } from '../../protocol/source-split-state.js'
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
 * the files of every former subtask whose key groups overlap its own (rescaling); a source's
 * unfinished splits, gathered from every former subtask, go to the subtask of their index modulo the
 * new parallelism; any other operator's own state of former subtask j goes to subtask j modulo it.
 */
export function planTaskRestores(jobGraph: JobGraph, source: RestoreSource, options: { readonly allowNonRestoredState: boolean }):
  Map<string, TaskRestoreDescriptor> {
  const { checkpointDir, metadata } = source
  const byOperatorId = new Map(metadata.operators.map((operator) => [operator.operatorId, operator]))
  const jobOperatorIds = new Set(jobGraph.vertices.flatMap((vertex) => vertex.operators.map((op) => op.operatorId)))
  // state only counts as unmapped when there is some: stateless operators may come and go
  const unmapped = metadata.operators.filter((operator) => !jobOperatorIds.has(operator.operatorId) && hasState(operator))
  if (unmapped.length > 0 && !options.allowNonRestoredState) throw new UnmappedCheckpointStateError(checkpointDir, unmapped.map((o) => o.operatorId))

  const splitsBySource = new Map(jobGraph.vertices.filter((vertex) => vertex.isSource).flatMap((vertex) => {
    const state = byOperatorId.get(vertex.operators[0]!.operatorId)
    return state === undefined ? [] : [[vertex.operators[0]!.operatorId, splitsOf(vertex, state, checkpointDir)] as const]
  }))
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
        const splits = splitsBySource.get(chained.operatorId)
        // a source's splits go round robin by index (FLIP-27); other operator state of former subtask j goes to
        // subtask j mod parallelism (one each, unless rescaled down)
        const operatorStates = splits !== undefined
          ? [{ splits: splits.filter((assigned) => assigned.index % vertex.parallelism === subtaskIndex) }]
          : state.subtasks
            .filter((subtask) => subtask.subtaskIndex % vertex.parallelism === subtaskIndex)
            .map((subtask) => subtask.backendState.operatorState ?? null)
            .filter((operatorState) => operatorState !== null)
        return [{ operatorId: chained.operatorId, keyedStateFiles, operatorStates }]
      })
      const headState = byOperatorId.get(vertex.operators[0]!.operatorId)
      const channelState = headState?.subtasks.find((s) => s.subtaskIndex === subtaskIndex)?.channelState
      restores.set(subtaskKeyString({ vertexId: vertex.id, subtaskIndex }), {
        checkpointId: metadata.checkpointId, operators,
        ...(channelState !== undefined ? { channelState: { checkpointDir, handle: channelState.file } } : {}),
        ...(isFinishedOnRestore(headState, vertex.parallelism, subtaskIndex) ? { isFinishedOnRestore: true } : {}),
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

/** Every unfinished split of a source in the checkpoint; finished subtasks hold none. */
function splitsOf(vertex: JobVertex, state: CheckpointMetadata['operators'][number], checkpointDir: string): AssignedSplit[] {
  const operatorStates: unknown[] = state.subtasks.map((subtask) => subtask.backendState.operatorState ?? null).filter((operatorState) => operatorState !== null)
  if (!operatorStates.every(isSourceOperatorState)) throw new IncompatibleSourceStateError(vertex.operators[0]!.node.name, checkpointDir)
  return operatorStates.flatMap((operatorState) => operatorState.splits).sort((a, b) => a.index - b.index)
}

/**
 * Whether a subtask starts finished (Flink's finished-on-restore): every former subtask of its vertex had ended its
 * input, whatever the parallelism now; or, at the parallelism of the checkpoint, the former subtask of its index had.
 * A vertex that had partly finished and is rescaled runs again (its finished parts restore no state), as in Flink.
 */
function isFinishedOnRestore(headState: CheckpointMetadata['operators'][number] | undefined, parallelism: number, subtaskIndex: number): boolean {
  if (headState === undefined || headState.subtasks.length === 0) return false
  if (headState.subtasks.every((subtask) => subtask.isFinished === true)) return true
  return headState.parallelism === parallelism && headState.subtasks.some((s) => s.subtaskIndex === subtaskIndex && s.isFinished === true)
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
