import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StreamExecutionEnvironment } from '../../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../../src/connectors/index.js'
import { subtaskKeyString } from '../../../../src/coordinator/checkpoint/subtask-checkpoint-stats.js'
import { planTaskRestores } from '../../../../src/coordinator/checkpoint/task-restore-planner.js'
import { IncompatibleSourceStateError } from '../../../../src/errors.js'
import type { JobGraph, JobVertex } from '../../../../src/graph/job-graph.js'
import { generateJobGraph } from '../../../../src/graph/job-graph-generator.js'
import { buildStreamGraph } from '../../../../src/graph/stream-graph.js'
import type { AssignedSplit } from '../../../../src/protocol/source-split-state.js'
import type { CheckpointMetadata, JsonObject } from '../../../../src/state/checkpoint-storage/checkpoint-metadata.js'

/** Source(p) → Sink(p), with uids so operator ids stay put when the parallelism changes. */
function aJob(parallelism: number): JobGraph {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').uid('numbers').disableChaining()
    .sinkTo(new BlackholeSink(), 'Out').uid('out')
  return generateJobGraph(buildStreamGraph(env.transformations, { jobName: 'splits', defaultParallelism: parallelism, maxParallelism: 128 }))
}

const split = (index: number, nextIndex: number): AssignedSplit => ({ index, split: { splitId: String(index), nextIndex } as AssignedSplit['split'] })

/** A checkpoint of `graph`: per source subtask its operator state, per subtask whether it had ended its input. */
function checkpointOf(graph: JobGraph, sourceStates: readonly unknown[], isFinished: (vertex: JobVertex, subtaskIndex: number) => boolean = () => false): CheckpointMetadata {
  return {
    checkpointId: 3, jobId: '0'.repeat(32), isSavepoint: false, triggerTimestampMs: 1, completionTimestampMs: 2, isCompressed: false,
    operators: graph.vertices.flatMap((vertex) => vertex.operators.map((operator) => ({
      operatorId: operator.operatorId, parallelism: vertex.parallelism, maxParallelism: 128,
      subtasks: Array.from({ length: vertex.parallelism }, (_, subtaskIndex) => ({
        subtaskIndex, stateFiles: [],
        backendState: { keyGroupRange: null, operatorState: (vertex.isSource ? sourceStates[subtaskIndex] ?? null : null) as JsonObject[string] },
        ...(isFinished(vertex, subtaskIndex) ? { isFinished: true } : {}),
      })),
    }))),
  }
}

const restoreOf = (restores: ReturnType<typeof planTaskRestores>, vertex: JobVertex, subtaskIndex: number) => restores.get(subtaskKeyString({ vertexId: vertex.id, subtaskIndex }))!

describe('planTaskRestores', () => {
  for (const [from, to] of [[2, 3], [3, 1], [2, 2]] as const) {
    it(`hands every unfinished split of ${from} source subtasks to the subtask of its index modulo ${to}`, () => {
      const states = Array.from({ length: from }, (_, subtaskIndex) => ({
        splits: [0, 1, 2, 3, 4, 5, 6].filter((index) => index % from === subtaskIndex && index !== 4).map((index) => split(index, 100 + index)),
      }))
      const graph = aJob(to)
      const restores = planTaskRestores(graph, { checkpointDir: '/ckpt/chk-3', metadata: checkpointOf(aJob(from), states) }, { allowNonRestoredState: false })
      const source = graph.vertices.find((vertex) => vertex.isSource)!
      const assigned = Array.from({ length: to }, (_, subtaskIndex) => restoreOf(restores, source, subtaskIndex).operators[0]!.operatorStates)
      for (const [subtaskIndex, operatorStates] of assigned.entries()) {
        assert.equal(operatorStates.length, 1, 'one state per subtask, even with no split: the restore must not start it fresh')
        assert.deepEqual((operatorStates[0] as { splits: AssignedSplit[] }).splits.map((s) => s.index),
          [0, 1, 2, 3, 5, 6].filter((index) => index % to === subtaskIndex))
      }
    })
  }

  it('refuses a source state that is not a list of splits, naming the source and the checkpoint', () => {
    const metadata = checkpointOf(aJob(2), [{ readerState: { nextIndex: 4 } }, { readerState: { nextIndex: 5 } }])
    assert.throws(() => planTaskRestores(aJob(2), { checkpointDir: '/ckpt/chk-3', metadata }, { allowNonRestoredState: false }),
      (e: unknown) => e instanceof IncompatibleSourceStateError && /source 'Numbers' from \/ckpt\/chk-3/.test(e.message))
  })

  it('starts finished the subtasks that had ended their input, at the same parallelism', () => {
    const graph = aJob(2)
    const metadata = checkpointOf(graph, [{ splits: [] }, { splits: [split(1, 9)] }], (_, subtaskIndex) => subtaskIndex === 0)
    const restores = planTaskRestores(graph, { checkpointDir: '/ckpt/chk-3', metadata }, { allowNonRestoredState: false })
    for (const vertex of graph.vertices) {
      assert.equal(restoreOf(restores, vertex, 0).isFinishedOnRestore, true)
      assert.equal(restoreOf(restores, vertex, 1).isFinishedOnRestore, undefined)
    }
  })

  it('starts every subtask finished at any parallelism when every former one had ended its input, and none when only some had', () => {
    const allFinished = planTaskRestores(aJob(3), { checkpointDir: '/c', metadata: checkpointOf(aJob(2), [{ splits: [] }, { splits: [] }], () => true) }, { allowNonRestoredState: false })
    assert.ok([...allFinished.values()].every((restore) => restore.isFinishedOnRestore === true))
    const someFinished = planTaskRestores(aJob(3), { checkpointDir: '/c', metadata: checkpointOf(aJob(2), [{ splits: [] }, { splits: [split(1, 9)] }], (_, i) => i === 0) }, { allowNonRestoredState: false })
    assert.ok([...someFinished.values()].every((restore) => restore.isFinishedOnRestore === undefined))
  })
})
