import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StreamExecutionEnvironment } from '../../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../../src/connectors/index.js'
import { subtaskKeyString } from '../../../../src/coordinator/checkpoint/subtask-checkpoint-stats.js'
import { planTaskRestores } from '../../../../src/coordinator/checkpoint/task-restore-planner.js'
import { ChannelStateMismatchError } from '../../../../src/errors.js'
import { channelLayoutOf } from '../../../../src/graph/channel-layout.js'
import type { JobGraph } from '../../../../src/graph/job-graph.js'
import { generateJobGraph } from '../../../../src/graph/job-graph-generator.js'
import { buildStreamGraph } from '../../../../src/graph/stream-graph.js'
import type { CheckpointMetadata } from '../../../../src/state/checkpoint-storage/checkpoint-metadata.js'

/** Source(2) → keyBy → Reduce(p) → Sink(p), with uids so the operator ids stay put when parallelism changes. */
function aJob(reduceParallelism: number): JobGraph {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').uid('numbers').setParallelism(2)
    .keyBy((x) => x).reduce((a, b) => a + b).uid('sum').setParallelism(reduceParallelism)
    .sinkTo(new BlackholeSink(), 'Out').uid('out').setParallelism(reduceParallelism)
  return generateJobGraph(buildStreamGraph(env.transformations, { jobName: 'channel-state', defaultParallelism: 2, maxParallelism: 128 }))
}

const file = { fileName: 'x-0.channel', sizeBytes: 10, checksum: `sha256:${'0'.repeat(64)}`, isCompressed: false }

/** A checkpoint of `graph` in which subtask 0 of the reduce task recorded in-flight data. */
function checkpointOf(graph: JobGraph): CheckpointMetadata {
  const reduce = graph.vertices[1]!
  return {
    checkpointId: 7, jobId: '0'.repeat(32), isSavepoint: false, triggerTimestampMs: 1, completionTimestampMs: 2, isCompressed: false,
    operators: graph.vertices.flatMap((vertex) => vertex.operators.map((operator, index) => ({
      operatorId: operator.operatorId, parallelism: vertex.parallelism, maxParallelism: 128,
      subtasks: Array.from({ length: vertex.parallelism }, (_, subtaskIndex) => ({
        subtaskIndex, stateFiles: [], backendState: { keyGroupRange: null, operatorState: null },
        ...(vertex === reduce && index === 0 && subtaskIndex === 0
          ? { channelState: { file, inputChannels: 2, subpartitions: [], layout: channelLayoutOf(graph, vertex) } } : {}),
      })),
    }))),
  }
}

describe('planTaskRestores: in-flight data of unaligned checkpoints', () => {
  it('hands the channel-state file to the subtask that recorded it when the job is laid out as before', () => {
    const graph = aJob(2)
    const restores = planTaskRestores(graph, { checkpointDir: '/ckpt/chk-7', metadata: checkpointOf(graph) }, { allowNonRestoredState: false })
    const reduce = graph.vertices[1]!
    assert.deepEqual(restores.get(subtaskKeyString({ vertexId: reduce.id, subtaskIndex: 0 }))?.channelState, { checkpointDir: '/ckpt/chk-7', handle: file })
    assert.equal(restores.get(subtaskKeyString({ vertexId: reduce.id, subtaskIndex: 1 }))?.channelState, undefined)
  })

  it('refuses up front when a parallelism around the recorded channels changed', () => {
    const metadata = checkpointOf(aJob(2))
    assert.throws(() => planTaskRestores(aJob(3), { checkpointDir: '/ckpt/chk-7', metadata }, { allowNonRestoredState: false }),
      (e: unknown) => e instanceof ChannelStateMismatchError && e.code === 'SLUICE_CHECKPOINT_CHANNEL_STATE_MISMATCH' &&
        /its channels changed since the checkpoint/.test(e.message))
  })

  it('refuses, even with allowNonRestoredState, when the operator holding in-flight data no longer heads a task', () => {
    const graph = aJob(2)
    const metadata = checkpointOf(graph)
    const moved = { ...metadata, operators: metadata.operators.map((o) => (o.subtasks.some((s) => s.channelState !== undefined) ? { ...o, operatorId: 'f'.repeat(32) } : o)) }
    assert.throws(() => planTaskRestores(graph, { checkpointDir: '/ckpt/chk-7', metadata: moved }, { allowNonRestoredState: true }),
      /holds in-flight data but no longer heads a task/)
  })
})
