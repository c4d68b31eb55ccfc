import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calculateCheckpointPlan, type PlannedSubtask } from '../../../../src/coordinator/checkpoint/checkpoint-plan.js'
import { subtaskKeyString } from '../../../../src/coordinator/checkpoint/subtask-checkpoint-stats.js'
import type { ExecutionState } from '../../../../src/coordinator/job/execution-state.js'

const key = (vertexId: string, subtaskIndex: number) => ({ vertexId, subtaskIndex })

/** Source(2) → Map(2) forward → Sink(1) all-to-all, in the given states. */
function aJob(states: { source: [ExecutionState, ExecutionState]; map: [ExecutionState, ExecutionState]; sink: ExecutionState }): PlannedSubtask[] {
  return [
    { key: key('source', 0), state: states.source[0], upstream: [] },
    { key: key('source', 1), state: states.source[1], upstream: [] },
    { key: key('map', 0), state: states.map[0], upstream: [key('source', 0)] },
    { key: key('map', 1), state: states.map[1], upstream: [key('source', 1)] },
    { key: key('sink', 0), state: states.sink, upstream: [key('map', 0), key('map', 1)] },
  ]
}

const names = (keys: readonly { vertexId: string; subtaskIndex: number }[]) => keys.map((k) => `${k.vertexId}${k.subtaskIndex}`)

describe('calculateCheckpointPlan', () => {
  it('triggers the sources and waits for every subtask while all run', () => {
    const plan = calculateCheckpointPlan(aJob({ source: ['RUNNING', 'RUNNING'], map: ['RUNNING', 'RUNNING'], sink: 'RUNNING' }), subtaskKeyString)!
    assert.deepEqual(names(plan.tasksToTrigger), ['source0', 'source1'])
    assert.deepEqual(names(plan.tasksToWaitFor), ['source0', 'source1', 'map0', 'map1', 'sink0'])
    assert.deepEqual(plan.finishedTasks, [])
  })

  it('leaves finished subtasks out and triggers the ones no barrier can reach any more', () => {
    const plan = calculateCheckpointPlan(aJob({ source: ['FINISHED', 'RUNNING'], map: ['RUNNING', 'RUNNING'], sink: 'RUNNING' }), subtaskKeyString)!
    assert.deepEqual(names(plan.tasksToTrigger), ['source1', 'map0'])
    assert.deepEqual(names(plan.finishedTasks), ['source0'])
    assert.deepEqual(names(plan.tasksToWaitFor), ['source1', 'map0', 'map1', 'sink0'])
  })

  it('triggers a task whose every upstream finished, and none while a subtask still deploys or when all finished', () => {
    const plan = calculateCheckpointPlan(aJob({ source: ['FINISHED', 'FINISHED'], map: ['FINISHED', 'FINISHED'], sink: 'RUNNING' }), subtaskKeyString)!
    assert.deepEqual(names(plan.tasksToTrigger), ['sink0'])
    assert.equal(calculateCheckpointPlan(aJob({ source: ['RUNNING', 'DEPLOYING'], map: ['RUNNING', 'RUNNING'], sink: 'RUNNING' }), subtaskKeyString), undefined)
    assert.equal(calculateCheckpointPlan(aJob({ source: ['FINISHED', 'FINISHED'], map: ['FINISHED', 'FINISHED'], sink: 'FINISHED' }), subtaskKeyString), undefined)
  })
})
