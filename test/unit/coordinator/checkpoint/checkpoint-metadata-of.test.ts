import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StreamExecutionEnvironment } from '../../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../../src/connectors/index.js'
import { checkpointMetadataOf, type SubtaskStateHandle } from '../../../../src/coordinator/checkpoint/checkpoint-metadata-of.js'
import { PendingCheckpoint } from '../../../../src/coordinator/checkpoint/pending-checkpoint.js'
import { generateJobGraph } from '../../../../src/graph/job-graph-generator.js'
import { buildStreamGraph } from '../../../../src/graph/stream-graph.js'

/** Source(2) → Sink(2) in two vertices. */
function aJob() {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').disableChaining().sinkTo(new BlackholeSink(), 'Out')
  return generateJobGraph(buildStreamGraph(env.transformations, { jobName: 'metadata', defaultParallelism: 2, maxParallelism: 128 }))
}

const stats = (vertexId: string, subtaskIndex: number) => ({
  checkpointId: 5, vertexId, subtaskIndex, ackTimestampMs: 2, syncDurationMs: 0, asyncDurationMs: 0, alignmentDurationMs: 0, startDelayMs: 0,
  stateSizeBytes: 0, checkpointedSizeBytes: 0, processedInFlightBytes: 0, persistedInFlightBytes: 0, isUnaligned: false,
})

describe('checkpointMetadataOf', () => {
  it('stores every acknowledged subtask with whether its input had ended, and finished subtasks as finished, without state', () => {
    const graph = aJob()
    const [source, sink] = graph.vertices as [typeof graph.vertices[0], typeof graph.vertices[0]]
    const checkpoint = new PendingCheckpoint<SubtaskStateHandle>({
      checkpointId: 5, isSavepoint: false, triggerTimestampMs: 1, timeoutMs: 1000,
      subtasksToAcknowledge: [{ vertexId: source.id, subtaskIndex: 1 }, { vertexId: sink.id, subtaskIndex: 0 }, { vertexId: sink.id, subtaskIndex: 1 }],
    })
    const handle = (operatorId: string, isFinished: boolean): SubtaskStateHandle => ({
      operators: [{ operatorId, keyedStateFile: undefined, keyGroupRange: undefined, operatorState: { splits: [] } }], isFinished,
    })
    checkpoint.acknowledge(stats(source.id, 1), handle(source.operators[0]!.operatorId, true))
    checkpoint.acknowledge(stats(sink.id, 0), handle(sink.operators[0]!.operatorId, true))
    checkpoint.acknowledge(stats(sink.id, 1), handle(sink.operators[0]!.operatorId, false))
    const metadata = checkpointMetadataOf({
      jobGraph: graph, jobId: 'j', isCompressed: false, checkpoint, finishedTasks: [{ vertexId: source.id, subtaskIndex: 0 }], completionTimestampMs: 3,
    })
    const sourceState = metadata.operators.find((operator) => operator.operatorId === source.operators[0]!.operatorId)!
    assert.deepEqual(sourceState.subtasks.map((s) => [s.subtaskIndex, s.isFinished, s.backendState.operatorState]), [[0, true, null], [1, true, { splits: [] }]])
    const sinkState = metadata.operators.find((operator) => operator.operatorId === sink.operators[0]!.operatorId)!
    assert.deepEqual(sinkState.subtasks.map((s) => [s.subtaskIndex, s.isFinished]), [[0, true], [1, undefined]])
    assert.equal(metadata.checkpointId, 5)
  })
})
