import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StreamExecutionEnvironment } from '../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../src/connectors/index.js'
import { DuplicateUidError } from '../../../src/errors.js'
import type { JobGraph, JobVertex } from '../../../src/graph/job-graph.js'
import { generateJobGraph } from '../../../src/graph/job-graph-generator.js'
import { buildStreamGraph } from '../../../src/graph/stream-graph.js'

/** Builds a JobGraph the way job-loader does, from a job main run on a fresh environment. */
function aJobGraph(main: (env: StreamExecutionEnvironment) => void, { defaultParallelism = 1, maxParallelism = 128 } = {}): JobGraph {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  main(env)
  const streamGraph = buildStreamGraph(env.transformations, { jobName: 'test-job', defaultParallelism, maxParallelism })
  return generateJobGraph(streamGraph)
}

const source = (env: StreamExecutionEnvironment, name = 'Numbers') => env.fromSource(new CollectionSource([1, 2, 3]), undefined, name)
const sink = <T>() => new BlackholeSink<T>()

const names = (graph: JobGraph): string[] => graph.vertices.map((v) => v.name)
const vertexNamed = (graph: JobGraph, name: string): JobVertex => {
  const vertex = graph.vertices.find((v) => v.name === name)
  assert.ok(vertex, `no vertex named '${name}' in ${JSON.stringify(names(graph))}`)
  return vertex
}
const edgeKinds = (graph: JobGraph): string[] => graph.edges.map((e) => e.partitioner.kind)

describe('generateJobGraph: chaining', () => {
  it('chains source, map, filter and sink connected by forward edges of equal parallelism into one vertex', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x * 2).filter((x) => x > 2).sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map -> Filter -> Sink: Out'])
    assert.equal(graph.edges.length, 0)
    const [vertex] = graph.vertices
    assert.equal(vertex!.operators.length, 4)
    assert.equal(vertex!.isSource, true)
    assert.deepEqual(vertex!.inputs, [])
  })

  it('uses operator names set with name() in the vertex name', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).name('Double').sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Double -> Sink: Out'])
  })

  it('breaks the chain at keyBy (a hash edge)', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).keyBy((x) => x % 2).reduce((a, b) => a + b).sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map', 'Keyed Reduce -> Sink: Out'])
    assert.deepEqual(edgeKinds(graph), ['hash'])
  })

  it('breaks the chain at rebalance even when parallelism is equal', () => {
    const graph = aJobGraph((env) => {
      source(env).rebalance().map((x) => x).sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers', 'Map -> Sink: Out'])
    assert.deepEqual(edgeKinds(graph), ['rebalance'])
  })

  it('breaks the chain where parallelism changes, with a default rebalance edge', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).setParallelism(2).sinkTo(sink(), 'Out').setParallelism(2)
    })
    assert.deepEqual(names(graph), ['Source: Numbers', 'Map -> Sink: Out'])
    assert.deepEqual(edgeKinds(graph), ['rebalance'])
    assert.deepEqual(graph.vertices.map((v) => v.parallelism), [1, 2])
  })

  it('does not chain an operator after disableChaining() to either neighbour', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).filter(() => true).disableChaining().map((x) => x).name('After').sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map', 'Filter', 'After -> Sink: Out'])
    assert.deepEqual(edgeKinds(graph), ['forward', 'forward'])
  })

  it('starts a new chain at startNewChain() but chains its successors to it', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).filter(() => true).startNewChain().map((x) => x).name('After').sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map', 'Filter -> After -> Sink: Out'])
  })

  it('does not chain an operator with two inputs from a union, even with forward edges', () => {
    const graph = aJobGraph((env) => {
      source(env, 'A').union(source(env, 'B')).map((x) => x).sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: A', 'Source: B', 'Map -> Sink: Out'])
    assert.deepEqual(edgeKinds(graph), ['forward', 'forward'])
    assert.equal(vertexNamed(graph, 'Map -> Sink: Out').inputs.length, 2)
  })

  it('never chains a keyed two-input operator to its inputs, and numbers its inputs 1 and 2', () => {
    const graph = aJobGraph((env) => {
      const a = source(env, 'A')
      const b = source(env, 'B')
      a.connect(b).keyBy((x) => x, (y) => y).process({ processElement1() {}, processElement2() {} }).sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: A', 'Source: B', 'KeyedCoProcess -> Sink: Out'])
    assert.deepEqual(graph.edges.map((e) => [e.partitioner.kind, e.inputIndex]), [['hash', 1], ['hash', 2]])
  })

  it('never chains a two-input operator to its input, even over a single forward edge of equal parallelism', () => {
    const graph = aJobGraph((env) => {
      const upstream = source(env).map((x) => x)
      const t = env.createTransformation('TwoInput', 'two-input', [{ transformation: upstream.transformation, partitioner: undefined, inputIndex: 1 }], () => ({}))
      env.createTransformation('Sink', 'sink', [{ transformation: t, partitioner: undefined, inputIndex: 1 }], () => ({}))
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map', 'TwoInput -> Sink: Sink'])
    assert.deepEqual(edgeKinds(graph), ['forward'])
  })

  it('keeps a fan-out of forward edges in one chain', () => {
    const graph = aJobGraph((env) => {
      const mapped = source(env).map((x) => x)
      mapped.sinkTo(sink(), 'Left')
      mapped.sinkTo(sink(), 'Right')
    })
    assert.equal(graph.vertices.length, 1)
    assert.deepEqual(graph.vertices[0]!.operators.map((o) => o.node.name), ['Numbers', 'Map', 'Left', 'Right'])
    const map = graph.vertices[0]!.operators[1]!
    assert.equal(map.chainedOutputs.length, 2)
  })

  it('lists vertices in topological order and wires edges to the operator that emits into them', () => {
    const graph = aJobGraph((env) => {
      source(env).map((x) => x).keyBy((x) => x).reduce((a, b) => a + b).rebalance().map((x) => x).name('Last').sinkTo(sink(), 'Out')
    })
    assert.deepEqual(names(graph), ['Source: Numbers -> Map', 'Keyed Reduce', 'Last -> Sink: Out'])
    const position = new Map(graph.vertices.map((v, i) => [v.id, i]))
    for (const edge of graph.edges) {
      assert.ok(position.get(edge.sourceVertexId)! < position.get(edge.targetVertexId)!)
      const producer = graph.vertices[position.get(edge.sourceVertexId)!]!
      const emitter = producer.operators.find((o) => o.node.id === edge.sourceNodeId)!
      assert.deepEqual(emitter.networkOutputs, [edge.index])
    }
    assert.deepEqual(graph.edges.map((e) => e.index), [0, 1])
  })
})

describe('generateJobGraph: operator and vertex ids', () => {
  const pipeline = (env: StreamExecutionEnvironment): void => {
    source(env).map((x) => x + 1).keyBy((x) => x).reduce((a, b) => a + b).sinkTo(sink(), 'Out')
  }

  it('gives every operator a 32-hex-character id and a vertex the id of its head operator', () => {
    const graph = aJobGraph(pipeline)
    const ids = graph.vertices.flatMap((v) => v.operators.map((o) => o.operatorId))
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/)
    assert.equal(new Set(ids).size, ids.length)
    for (const vertex of graph.vertices) assert.equal(vertex.id, vertex.operators[0]!.operatorId)
  })

  it('gives the same ids and fingerprint to two builds of the same job', () => {
    const first = aJobGraph(pipeline)
    const second = aJobGraph(pipeline)
    assert.deepEqual(first.vertices.map((v) => v.operators.map((o) => o.operatorId)), second.vertices.map((v) => v.operators.map((o) => o.operatorId)))
    assert.equal(first.fingerprint, second.fingerprint)
  })

  it('changes the fingerprint when parallelism changes', () => {
    const first = aJobGraph(pipeline)
    const second = aJobGraph(pipeline, { defaultParallelism: 2 })
    assert.notEqual(first.fingerprint, second.fingerprint)
  })

  it('keeps an id set by uid() when an unrelated operator is added elsewhere', () => {
    const withUid = (extra: boolean) => aJobGraph((env) => {
      if (extra) source(env, 'Other').map((x) => x).name('Other map').sinkTo(sink(), 'Other out')
      source(env).map((x) => x).uid('my-map').disableChaining().keyBy((x) => x).reduce((a, b) => a + b).uid('my-reduce').sinkTo(sink(), 'Out')
    })
    const idOf = (graph: JobGraph, name: string) => graph.vertices.flatMap((v) => v.operators).find((o) => o.node.name === name)!.operatorId
    const before = withUid(false)
    const after = withUid(true)
    assert.equal(idOf(after, 'Map'), idOf(before, 'Map'))
    assert.equal(idOf(after, 'Keyed Reduce'), idOf(before, 'Keyed Reduce'))
    // the operators without uid are hashed by position, which the extra pipeline shifted
    assert.notEqual(idOf(after, 'Numbers'), idOf(before, 'Numbers'))
  })

  it('rejects two operators with the same uid with DuplicateUidError', () => {
    assert.throws(() => aJobGraph((env) => {
      source(env).uid('same').map((x) => x).uid('same').sinkTo(sink(), 'Out')
    }), (error: unknown) => error instanceof DuplicateUidError && error.uid === 'same' && error.code === 'SLUICE_JOB_DUPLICATE_UID')
  })

  it('rejects a duplicate uid in separate pipelines of one job', () => {
    assert.throws(() => aJobGraph((env) => {
      source(env, 'A').uid('src').sinkTo(sink(), 'A out')
      source(env, 'B').uid('src').sinkTo(sink(), 'B out')
    }), DuplicateUidError)
  })
})
