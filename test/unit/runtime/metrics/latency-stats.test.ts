import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JobGraph } from '../../../../src/graph/job-graph.js'
import { LatencyStats } from '../../../../src/runtime/metrics/latency-stats.js'

// only what LatencyStats reads: the source vertex's first operator id
const jobGraph = { vertices: [{ operators: [{ operatorId: 'source-a' }] }, { operators: [{ operatorId: 'source-b' }] }] } as unknown as JobGraph

function statsWith(granularity: 'single' | 'operator' | 'subtask') {
  const stats = new LatencyStats({ intervalMs: 1000, granularity, historySize: 16 }, jobGraph, ['map', 'sink'], 3)
  stats.report({ markedTimeMs: 100, sourceVertexIndex: 0, sourceSubtaskIndex: 0 }, 1, 110)
  stats.report({ markedTimeMs: 100, sourceVertexIndex: 0, sourceSubtaskIndex: 1 }, 1, 130)
  stats.report({ markedTimeMs: 100, sourceVertexIndex: 1, sourceSubtaskIndex: 0 }, 1, 150)
  return stats.sample().map((h) => ({ source: h.sourceOperatorId, sourceSubtask: h.sourceSubtaskIndex, operator: h.operatorId, subtask: h.operatorSubtaskIndex, count: h.statistics.count, max: h.statistics.max }))
}

describe('LatencyStats', () => {
  it('keeps one histogram per operator subtask with granularity single', () => {
    assert.deepEqual(statsWith('single'), [{ source: undefined, sourceSubtask: undefined, operator: 'sink', subtask: 3, count: 3, max: 50 }])
  })

  it('keeps one per source operator with granularity operator', () => {
    assert.deepEqual(statsWith('operator'), [
      { source: 'source-a', sourceSubtask: undefined, operator: 'sink', subtask: 3, count: 2, max: 30 },
      { source: 'source-b', sourceSubtask: undefined, operator: 'sink', subtask: 3, count: 1, max: 50 },
    ])
  })

  it('keeps one per source subtask with granularity subtask', () => {
    assert.deepEqual(statsWith('subtask').map((h) => `${h.source}/${h.sourceSubtask}:${h.max}`), ['source-a/0:10', 'source-a/1:30', 'source-b/0:50'])
  })
})
