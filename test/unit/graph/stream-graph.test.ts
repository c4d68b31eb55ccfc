import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Source } from '../../../src/api/source.js'
import { StreamExecutionEnvironment } from '../../../src/datastream/stream-execution-environment.js'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { BlackholeSink, CollectionSource } from '../../../src/connectors/index.js'
import { InvalidJobGraphError } from '../../../src/errors.js'
import { buildStreamGraph, type StreamGraph, type StreamNode } from '../../../src/graph/stream-graph.js'

function aStreamGraph(main: (env: StreamExecutionEnvironment) => void, { defaultParallelism = 1, maxParallelism = 128 } = {}): StreamGraph {
  const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
  main(env)
  return buildStreamGraph(env.transformations, { jobName: 'test-job', defaultParallelism, maxParallelism })
}

const source = (env: StreamExecutionEnvironment, name = 'Numbers') => env.fromSource(new CollectionSource([1, 2, 3]), undefined, name)
const nonParallelSource = (env: StreamExecutionEnvironment) => {
  const single: Source<number> = {
    boundedness: 'BOUNDED', maxParallelism: 1, createSplits: () => [],
    createReader: () => ({ addSplits: () => {}, pollNext: () => 'END_OF_INPUT', snapshotState: () => [] }),
  }
  return env.fromSource(single, undefined, 'Single')
}
const sink = <T>() => new BlackholeSink<T>()

const node = (graph: StreamGraph, name: string): StreamNode => {
  const found = graph.nodes.find((n) => n.name === name)
  assert.ok(found, `no node named '${name}'`)
  return found
}
const inputKinds = (graph: StreamGraph, name: string) => node(graph, name).inEdges.map((e) => [e.source.name, e.partitioner.kind, e.isDefaultPartitioner])

const isInvalidGraph = (pattern: RegExp) => (error: unknown) =>
  error instanceof InvalidJobGraphError && error.code === 'SLUICE_JOB_INVALID_GRAPH' && pattern.test(error.message)

describe('buildStreamGraph: validation', () => {
  it('rejects a job without a sink', () => {
    assert.throws(() => aStreamGraph((env) => { source(env).map((x) => x) }), isInvalidGraph(/defines no sink/))
  })

  it('rejects a job that builds nothing', () => {
    assert.throws(() => aStreamGraph(() => {}), isInvalidGraph(/defines no sink/))
  })

  it('rejects an output that goes nowhere even when another pipeline has a sink', () => {
    assert.throws(() => aStreamGraph((env) => {
      source(env, 'A').sinkTo(sink(), 'Out')
      source(env, 'B').map((x) => x).name('Dangling')
    }), isInvalidGraph(/output of 'Dangling' goes nowhere/))
  })

  it('rejects setParallelism above the source limit', () => {
    assert.throws(() => aStreamGraph((env) => { nonParallelSource(env).setParallelism(2).sinkTo(sink()) }), isInvalidGraph(/at most 1 parallel/))
  })

  it('rejects setParallelism above pipeline.max-parallelism', () => {
    assert.throws(() => aStreamGraph((env) => { source(env).map((x) => x).setParallelism(9).sinkTo(sink()) }, { maxParallelism: 8 }),
      isInvalidGraph(/above pipeline.max-parallelism 8/))
  })

  it('rejects a parallelism that is not a positive whole number when it is set', () => {
    const env = new StreamExecutionEnvironment(Configuration.fromEntries([], configRegistry))
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => source(env).setParallelism(bad), InvalidJobGraphError)
  })
})

describe('buildStreamGraph: parallelism', () => {
  it('uses parallelism.default for operators that set none', () => {
    const graph = aStreamGraph((env) => { source(env).map((x) => x).sinkTo(sink()) }, { defaultParallelism: 3 })
    assert.deepEqual(graph.nodes.map((n) => n.parallelism), [3, 3, 3])
  })

  it('caps the default parallelism at a source limit and at max parallelism', () => {
    const limited = aStreamGraph((env) => { nonParallelSource(env).map((x) => x).sinkTo(sink()) }, { defaultParallelism: 4 })
    assert.deepEqual(limited.nodes.map((n) => [n.name, n.parallelism]), [['Single', 1], ['Map', 4], ['Sink', 4]])
    assert.deepEqual(inputKinds(limited, 'Map'), [['Single', 'rebalance', true]])
    const capped = aStreamGraph((env) => { source(env).sinkTo(sink()) }, { defaultParallelism: 16, maxParallelism: 4 })
    assert.deepEqual(capped.nodes.map((n) => n.parallelism), [4, 4])
  })
})

describe('buildStreamGraph: partitioners', () => {
  it('puts a default forward edge between operators of equal parallelism and rebalance otherwise', () => {
    const graph = aStreamGraph((env) => { source(env).map((x) => x).setParallelism(2).sinkTo(sink()).setParallelism(2) })
    assert.deepEqual(inputKinds(graph, 'Map'), [['Numbers', 'rebalance', true]])
    assert.deepEqual(inputKinds(graph, 'Sink'), [['Map', 'forward', true]])
  })

  it('keeps a user partitioner and marks it as not default', () => {
    const graph = aStreamGraph((env) => { source(env).broadcast().sinkTo(sink()) })
    assert.deepEqual(inputKinds(graph, 'Sink'), [['Numbers', 'broadcast', false]])
  })

  it('lets the partitioning closest to the consumer win', () => {
    const graph = aStreamGraph((env) => { source(env).rebalance().keyBy((x) => x).reduce((a, b) => a + b).sinkTo(sink()) })
    assert.deepEqual(inputKinds(graph, 'Keyed Reduce'), [['Numbers', 'hash', false]])
  })

  it('applies a partitioner after union to every unioned input, and resolves unions to physical edges', () => {
    const graph = aStreamGraph((env) => { source(env, 'A').union(source(env, 'B').global()).rebalance().sinkTo(sink()) })
    assert.deepEqual(inputKinds(graph, 'Sink'), [['A', 'rebalance', false], ['B', 'rebalance', false]])
    const unpartitioned = aStreamGraph((env) => { source(env, 'A').union(source(env, 'B').global()).sinkTo(sink()) })
    assert.deepEqual(inputKinds(unpartitioned, 'Sink'), [['A', 'forward', true], ['B', 'global', false]])
    assert.deepEqual(unpartitioned.nodes.map((n) => n.name), ['A', 'B', 'Sink'])
  })

  it('gives keyed operators their key selectors and hash edges', () => {
    const key = (x: number) => x % 3
    const graph = aStreamGraph((env) => { source(env).keyBy(key).reduce((a, b) => a + b).sinkTo(sink()) })
    const reduce = node(graph, 'Keyed Reduce')
    assert.deepEqual(reduce.keySelectors, [key])
    const edge = reduce.inEdges[0]!
    assert.equal(edge.partitioner.kind, 'hash')
    assert.equal(edge.partitioner.kind === 'hash' && edge.partitioner.keySelector, key)
  })
})
