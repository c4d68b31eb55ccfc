import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StreamExecutionEnvironment } from '../../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../../src/connectors/index.js'
import { planDeployment, type DeploymentPlan } from '../../../../src/coordinator/scheduler/deployment-plan.js'
import type { JobGraph, JobVertex } from '../../../../src/graph/job-graph.js'
import { generateJobGraph } from '../../../../src/graph/job-graph-generator.js'
import { buildStreamGraph } from '../../../../src/graph/stream-graph.js'
import type { ChannelDescriptor } from '../../../../src/protocol/messages.js'

function aJobGraph(main: (env: StreamExecutionEnvironment) => void, defaultParallelism = 1): JobGraph {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  main(env)
  return generateJobGraph(buildStreamGraph(env.transformations, { jobName: 'test-job', defaultParallelism, maxParallelism: 128 }))
}

const source = (env: StreamExecutionEnvironment, name = 'Numbers') => env.fromSource(new CollectionSource([1, 2, 3]), undefined, name)
const sink = <T>() => new BlackholeSink<T>()

/** Source(p) -> Map(p) forward, keyBy to Reduce(q) -> Sink(q) forward. */
function keyedJob(sourceParallelism: number, reduceParallelism: number): JobGraph {
  return aJobGraph((env) => {
    source(env).setParallelism(sourceParallelism).map((x) => x).setParallelism(sourceParallelism).disableChaining()
      .keyBy((x) => x).reduce((a, b) => a + b).setParallelism(reduceParallelism)
      .sinkTo(sink(), 'Out').setParallelism(reduceParallelism)
  })
}

const vertexNamed = (graph: JobGraph, prefix: string): JobVertex => graph.vertices.find((v) => v.name.startsWith(prefix))!
const subtasksOn = (plan: DeploymentPlan, graph: JobGraph, worker: number) =>
  plan.tasksByWorker[worker]!.map((t) => `${graph.vertices.find((v) => v.id === t.vertexId)!.name.split(' ')[0]}#${t.subtaskIndex}`)

describe('planDeployment: slots and workers', () => {
  it('puts subtask i of every vertex in slot i, slotsPerWorker slots per worker', () => {
    const graph = keyedJob(4, 3)
    const plan = planDeployment(graph, 2, 0)
    assert.equal(plan.numWorkers, 2)
    assert.equal(plan.slotsPerWorker, 2)
    assert.deepEqual(subtasksOn(plan, graph, 0), ['Source:#0', 'Source:#1', 'Map#0', 'Map#1', 'Keyed#0', 'Keyed#1'])
    assert.deepEqual(subtasksOn(plan, graph, 1), ['Source:#2', 'Source:#3', 'Map#2', 'Map#3', 'Keyed#2'])
  })

  it('uses as many workers as the highest parallelism needs', () => {
    for (const [parallelism, slots, workers] of [[1, 1, 1], [1, 4, 1], [4, 4, 1], [5, 4, 2], [8, 3, 3]] as const) {
      const plan = planDeployment(keyedJob(parallelism, 1), slots, 0)
      assert.equal(plan.numWorkers, workers, `parallelism ${parallelism}, ${slots} slots`)
      assert.equal(plan.tasksByWorker.length, workers)
    }
  })

  it('deploys every subtask exactly once with the given attempt number', () => {
    const graph = keyedJob(3, 5)
    const plan = planDeployment(graph, 2, 7)
    const deployed = plan.tasksByWorker.flat()
    const expected = graph.vertices.flatMap((v) => Array.from({ length: v.parallelism }, (_, i) => `${v.id}/${i}`))
    assert.deepEqual(deployed.map((t) => `${t.vertexId}/${t.subtaskIndex}`).sort(), expected.sort())
    assert.ok(deployed.every((t) => t.attemptNumber === 7))
  })
})

describe('planDeployment: channels', () => {
  const graph = keyedJob(2, 3)
  const plan = planDeployment(graph, 2, 0)
  const sourceVertex = vertexNamed(graph, 'Source:')
  const mapVertex = vertexNamed(graph, 'Map')
  const reduceVertex = vertexNamed(graph, 'Keyed Reduce')
  const forwardEdge = graph.edges.find((e) => e.partitioner.kind === 'forward')!
  const hashEdge = graph.edges.find((e) => e.partitioner.kind === 'hash')!

  it('numbers channels 0, 1, 2, … in plan order', () => {
    assert.deepEqual(plan.channels.map((c) => c.channelId), plan.channels.map((_, i) => i))
  })

  it('connects subtask i to subtask i over a forward edge, one subpartition each', () => {
    const forward = plan.channels.filter((c) => c.edgeIndex === forwardEdge.index)
    assert.deepEqual(forward.map((c) => [c.producer.vertexId, c.producer.subtaskIndex, c.subpartitionIndex, c.consumer.vertexId, c.consumer.subtaskIndex]), [
      [sourceVertex.id, 0, 0, mapVertex.id, 0],
      [sourceVertex.id, 1, 0, mapVertex.id, 1],
    ])
  })

  it('connects every producer subtask to every consumer subtask over an all-to-all edge, subpartition c going to subtask c', () => {
    const allToAll = plan.channels.filter((c) => c.edgeIndex === hashEdge.index)
    assert.equal(allToAll.length, 2 * 3)
    for (let p = 0; p < 2; p++) {
      const own = allToAll.filter((c) => c.producer.subtaskIndex === p)
      assert.deepEqual(own.map((c) => [c.subpartitionIndex, c.consumer.subtaskIndex]), [[0, 0], [1, 1], [2, 2]])
      assert.ok(own.every((c) => c.producer.vertexId === mapVertex.id && c.consumer.vertexId === reduceVertex.id))
    }
  })

  it('records the worker of each end of a channel as the worker that hosts that subtask', () => {
    const workerOf = new Map<string, number>()
    plan.tasksByWorker.forEach((tasks, w) => { for (const t of tasks) workerOf.set(`${t.vertexId}/${t.subtaskIndex}`, w) })
    for (const c of plan.channels) {
      assert.equal(c.producerWorker, workerOf.get(`${c.producer.vertexId}/${c.producer.subtaskIndex}`))
      assert.equal(c.consumerWorker, workerOf.get(`${c.consumer.vertexId}/${c.consumer.subtaskIndex}`))
    }
  })
})

describe('planDeployment: input gates', () => {
  const gates = (channels: readonly ChannelDescriptor[]) => {
    const byConsumer = new Map<string, ChannelDescriptor[]>()
    for (const c of channels) {
      const key = `${c.consumer.vertexId}/${c.consumer.subtaskIndex}`
      byConsumer.set(key, [...(byConsumer.get(key) ?? []), c])
    }
    return byConsumer
  }

  it('numbers the gate channels of every consumer subtask 0..n-1, and the subpartitions of every producer per edge likewise', () => {
    const graphs = [
      keyedJob(3, 2),
      aJobGraph((env) => {
        source(env, 'A').setParallelism(2).connect(source(env, 'B').setParallelism(3)).keyBy((x) => x, (y) => y)
          .process({ processElement1() {}, processElement2() {} }).setParallelism(4).sinkTo(sink()).setParallelism(4)
      }),
      aJobGraph((env) => { source(env, 'A').union(source(env, 'B')).rebalance().map((x) => x).sinkTo(sink()) }, 3),
    ]
    for (const graph of graphs) {
      const plan = planDeployment(graph, 2, 0)
      for (const [consumer, channels] of gates(plan.channels)) {
        assert.deepEqual(channels.map((c) => c.gateChannelIndex).sort((a, b) => a - b), channels.map((_, i) => i), consumer)
      }
      const producers = new Map<string, number[]>()
      for (const c of plan.channels) {
        const key = `${c.edgeIndex}/${c.producer.subtaskIndex}`
        producers.set(key, [...(producers.get(key) ?? []), c.subpartitionIndex])
      }
      for (const [key, subpartitions] of producers) assert.deepEqual(subpartitions, subpartitions.map((_, i) => i), key)
    }
  })

  it('gives a two-input subtask channels of both inputs in one gate', () => {
    const graph = aJobGraph((env) => {
      source(env, 'A').setParallelism(2).connect(source(env, 'B').setParallelism(3)).keyBy((x) => x, (y) => y)
        .process({ processElement1() {}, processElement2() {} }).setParallelism(2).sinkTo(sink()).setParallelism(2)
    })
    const plan = planDeployment(graph, 4, 0)
    const coProcess = vertexNamed(graph, 'KeyedCoProcess')
    const gate = plan.channels.filter((c) => c.consumer.vertexId === coProcess.id && c.consumer.subtaskIndex === 1)
    const inputOf = (c: ChannelDescriptor) => graph.edges[c.edgeIndex]!.inputIndex
    assert.equal(gate.filter((c) => inputOf(c) === 1).length, 2)
    assert.equal(gate.filter((c) => inputOf(c) === 2).length, 3)
    assert.deepEqual(gate.map((c) => c.gateChannelIndex).sort((a, b) => a - b), [0, 1, 2, 3, 4])
  })
})
