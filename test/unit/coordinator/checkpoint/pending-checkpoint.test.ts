import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PendingCheckpoint } from '../../../../src/coordinator/checkpoint/pending-checkpoint.js'
import type { SubtaskCheckpointStats } from '../../../../src/coordinator/checkpoint/subtask-checkpoint-stats.js'

function anAck(vertexId: string, subtaskIndex: number, overrides: Partial<SubtaskCheckpointStats> = {}): SubtaskCheckpointStats {
  return {
    checkpointId: 1, vertexId, subtaskIndex, ackTimestampMs: 1100, syncDurationMs: 1, asyncDurationMs: 2,
    alignmentDurationMs: 0, startDelayMs: 0, stateSizeBytes: 100, checkpointedSizeBytes: 100,
    processedInFlightBytes: 0, persistedInFlightBytes: 0, isUnaligned: false, ...overrides,
  }
}

function aPendingCheckpoint(): PendingCheckpoint<string> {
  return new PendingCheckpoint<string>({
    checkpointId: 1, isSavepoint: false, triggerTimestampMs: 1000, timeoutMs: 600,
    subtasksToAcknowledge: [{ vertexId: 'a', subtaskIndex: 0 }, { vertexId: 'a', subtaskIndex: 1 },
      { vertexId: 'b', subtaskIndex: 0 }],
  })
}

describe('PendingCheckpoint', () => {
  it('counts each awaited subtask once and is fully acknowledged after the last', () => {
    const pending = aPendingCheckpoint()
    assert.equal(pending.acknowledge(anAck('a', 0), 'h-a0'), 'ACK')
    assert.equal(pending.acknowledge(anAck('b', 0), 'h-b0'), 'ACK')
    assert.equal(pending.isFullyAcknowledged, false)
    assert.deepEqual(pending.notYetAcknowledged, [{ vertexId: 'a', subtaskIndex: 1 }])
    assert.equal(pending.acknowledge(anAck('a', 1), 'h-a1'), 'ACK')
    assert.equal(pending.isFullyAcknowledged, true)
    assert.equal(pending.numAcknowledgedSubtasks, 3)
  })

  it('reports a repeated acknowledgement as DUPLICATE and keeps the first state handle', () => {
    const pending = aPendingCheckpoint()
    pending.acknowledge(anAck('a', 0), 'first')
    assert.equal(pending.acknowledge(anAck('a', 0), 'second'), 'DUPLICATE')
    assert.deepEqual(pending.acknowledgements.map((ack) => ack.stateHandle), ['first'])
  })

  it('reports an acknowledgement from a subtask it does not await as UNKNOWN', () => {
    const pending = aPendingCheckpoint()
    assert.equal(pending.acknowledge(anAck('a', 7), 'x'), 'UNKNOWN')
    assert.equal(pending.acknowledge(anAck('c', 0), 'x'), 'UNKNOWN')
    assert.equal(pending.numAcknowledgedSubtasks, 0)
  })

  it('discards acknowledgements after an abort and cannot be finalized', () => {
    const pending = aPendingCheckpoint()
    assert.equal(pending.abort('CHECKPOINT_DECLINED', 1200, 'task a#0 declined'), true)
    assert.equal(pending.abort('CHECKPOINT_EXPIRED', 1300), false, 'the first abort wins')
    assert.deepEqual(pending.abortion, { reason: 'CHECKPOINT_DECLINED', timestampMs: 1200, detail: 'task a#0 declined' })
    assert.equal(pending.acknowledge(anAck('a', 0), 'h'), 'DISCARDED')
    assert.equal(pending.finalize(1300, undefined), undefined)
  })

  it('expires at trigger + timeout', () => {
    const pending = aPendingCheckpoint()
    assert.equal(pending.isExpiredAt(1599), false)
    assert.equal(pending.isExpiredAt(1600), true)
    pending.abort('CHECKPOINT_EXPIRED', 1600)
    assert.equal(pending.isExpiredAt(2000), false, 'an aborted checkpoint does not expire again')
  })

  it('finalizes only when fully acknowledged, into a CompletedCheckpoint with every state handle', () => {
    const pending = aPendingCheckpoint()
    pending.acknowledge(anAck('b', 0), 'h-b0')
    pending.acknowledge(anAck('a', 1), 'h-a1')
    assert.equal(pending.finalize(1500, 'file:///cp/chk-1'), undefined)
    pending.acknowledge(anAck('a', 0), 'h-a0')
    const completed = pending.finalize(1500, 'file:///cp/chk-1')
    assert.ok(completed !== undefined)
    assert.equal(completed.checkpointId, 1)
    assert.equal(completed.triggerTimestampMs, 1000)
    assert.equal(completed.completionTimestampMs, 1500)
    assert.equal(completed.externalPath, 'file:///cp/chk-1')
    assert.deepEqual(completed.stateHandlesOf('a'), ['h-a0', 'h-a1'])
    assert.equal(completed.stateHandleOf({ vertexId: 'b', subtaskIndex: 0 }), 'h-b0')
    assert.ok(Object.isFrozen(completed) && Object.isFrozen(completed.subtaskStates))
    assert.equal(pending.isDisposed, true)
    assert.equal(pending.acknowledge(anAck('a', 0), 'late'), 'DISCARDED')
  })
})
