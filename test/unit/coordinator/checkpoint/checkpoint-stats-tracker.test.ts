import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CheckpointCoordinatorConfiguration } from '../../../../src/coordinator/checkpoint/checkpoint-coordinator-configuration.js'
import { CheckpointStatsTracker } from '../../../../src/coordinator/checkpoint/checkpoint-stats-tracker.js'
import type { SubtaskCheckpointStats } from '../../../../src/coordinator/checkpoint/subtask-checkpoint-stats.js'

const CONFIGURATION: CheckpointCoordinatorConfiguration = {
  intervalMs: 1000, mode: 'EXACTLY_ONCE', timeoutMs: 600_000, minPauseMs: 0, maxConcurrent: 1,
  tolerableFailures: 0, isUnaligned: false, alignedCheckpointTimeoutMs: 0,
  externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS', isSnapshotCompressed: false, checkpointsDir: undefined,
  numRetained: 1,
}
// two vertices: 'source' with 1 subtask, 'map' with 2
const SUBTASKS = [{ vertexId: 'source', subtaskIndex: 0 }, { vertexId: 'map', subtaskIndex: 0 },
  { vertexId: 'map', subtaskIndex: 1 }]

function anAck(checkpointId: number, vertexId: string, subtaskIndex: number,
  overrides: Partial<SubtaskCheckpointStats> = {}): SubtaskCheckpointStats {
  return {
    checkpointId, vertexId, subtaskIndex, ackTimestampMs: checkpointId * 1000 + 100, syncDurationMs: 1,
    asyncDurationMs: 2, alignmentDurationMs: 3, startDelayMs: 4, stateSizeBytes: 100, checkpointedSizeBytes: 10,
    processedInFlightBytes: 5, persistedInFlightBytes: 0, isUnaligned: false, ...overrides,
  }
}

function trigger(tracker: CheckpointStatsTracker, checkpointId: number, isSavepoint = false): void {
  tracker.reportPendingCheckpoint({
    checkpointId, isSavepoint, isUnaligned: false, triggerTimestampMs: checkpointId * 1000, subtasksToAcknowledge: SUBTASKS,
  })
}

/** Triggers, acknowledges every subtask (latest ack at trigger + `durationMs`) and completes checkpoint `id`. */
function complete(tracker: CheckpointStatsTracker, checkpointId: number,
  { durationMs = 100, stateSizeBytes = 100, isSavepoint = false } = {}): void {
  trigger(tracker, checkpointId, isSavepoint)
  for (const { vertexId, subtaskIndex } of SUBTASKS) {
    tracker.reportSubtaskStats(anAck(checkpointId, vertexId, subtaskIndex,
      { ackTimestampMs: checkpointId * 1000 + durationMs, stateSizeBytes }))
  }
  tracker.reportCompletedCheckpoint(checkpointId,
    { completionTimestampMs: checkpointId * 1000 + durationMs + 5, externalPath: `file:///cp/chk-${checkpointId}` })
}

describe('CheckpointStatsTracker', () => {
  it('counts triggered, in-progress, completed, failed and restored checkpoints', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    tracker.reportRestoredCheckpoint({ checkpointId: 0, restoreTimestampMs: 500, isSavepoint: false, externalPath: undefined })
    complete(tracker, 1)
    trigger(tracker, 2)
    tracker.reportFailedCheckpoint(2, { failureTimestampMs: 2500, reason: 'CHECKPOINT_EXPIRED' })
    trigger(tracker, 3)
    tracker.reportFailedCheckpointWithoutInProgress()
    assert.deepEqual({ ...tracker.snapshot().counts }, { restored: 1, total: 4, inProgress: 1, completed: 1, failed: 2 })
    const metrics = tracker.metrics()
    assert.equal(metrics.totalNumberOfCheckpoints, 4)
    assert.equal(metrics.numberOfInProgressCheckpoints, 1)
    assert.equal(metrics.numberOfCompletedCheckpoints, 1)
    assert.equal(metrics.numberOfFailedCheckpoints, 2)
    assert.equal(metrics.lastCheckpointRestoreTimestamp, 500)
  })

  it('ignores acknowledgements and endings for checkpoints not in progress', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    assert.equal(tracker.reportSubtaskStats(anAck(9, 'map', 0)), false)
    assert.equal(tracker.reportCompletedCheckpoint(9, { completionTimestampMs: 1, externalPath: undefined }), false)
    trigger(tracker, 1)
    assert.equal(tracker.reportSubtaskStats(anAck(1, 'map', 0)), true)
    assert.equal(tracker.reportSubtaskStats(anAck(1, 'map', 0)), false, 'a duplicate')
    assert.equal(tracker.reportSubtaskStats(anAck(1, 'map', 5)), false, 'an unknown subtask')
    assert.equal(tracker.reportFailedCheckpoint(1, { failureTimestampMs: 1, reason: 'TASK_FAILURE' }), true)
    assert.equal(tracker.reportFailedCheckpoint(1, { failureTimestampMs: 2, reason: 'TASK_FAILURE' }), false)
    assert.equal(tracker.snapshot().counts.failed, 1)
  })

  it('summarizes completed checkpoints only, with percentiles over known data', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    for (let id = 1; id <= 10; id++) complete(tracker, id, { durationMs: id * 10 })
    trigger(tracker, 11)
    tracker.reportFailedCheckpoint(11, { failureTimestampMs: 99_999, reason: 'CHECKPOINT_EXPIRED' })
    const { summary } = tracker.snapshot()
    assert.equal(summary.endToEndDurationMs.count, 10)
    assert.equal(summary.endToEndDurationMs.min, 10)
    assert.equal(summary.endToEndDurationMs.max, 100)
    assert.equal(summary.endToEndDurationMs.avg, 55)
    assert.equal(summary.endToEndDurationMs.p50, 55)
    assert.equal(summary.endToEndDurationMs.p99, 100)
    assert.equal(summary.stateSizeBytes.avg, 300)
    assert.equal(summary.checkpointedSizeBytes.max, 30)
    assert.equal(summary.processedDataBytes.min, 15)
    assert.equal(summary.persistedDataBytes.max, 0)
  })

  it('has NaN summaries and no latest checkpoints before anything completed', () => {
    const snapshot = new CheckpointStatsTracker(CONFIGURATION).snapshot()
    assert.ok(Number.isNaN(snapshot.summary.endToEndDurationMs.p50))
    assert.deepEqual({ ...snapshot.latest }, { completed: undefined, savepoint: undefined, failed: undefined, restored: undefined })
    assert.equal(new CheckpointStatsTracker(CONFIGURATION).metrics().lastCompletedCheckpointId, undefined)
  })

  it('keeps the latest checkpoints youngest first, bounded by the history size', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION, { historySize: 3 })
    for (let id = 1; id <= 4; id++) complete(tracker, id)
    trigger(tracker, 5)
    const { history } = tracker.snapshot()
    assert.deepEqual(history.map((entry) => [entry.checkpointId, entry.status]),
      [[5, 'IN_PROGRESS'], [4, 'COMPLETED'], [3, 'COMPLETED']])
    assert.equal(new CheckpointStatsTracker(CONFIGURATION).snapshot().history.length, 0)
    const tenByDefault = new CheckpointStatsTracker(CONFIGURATION)
    for (let id = 1; id <= 12; id++) complete(tenByDefault, id)
    assert.equal(tenByDefault.snapshot().history.length, 10)
  })

  it('tracks the latest completed checkpoint, savepoint, failure and restore separately', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    complete(tracker, 1)
    complete(tracker, 2, { isSavepoint: true })
    trigger(tracker, 3)
    tracker.reportFailedCheckpoint(3, { failureTimestampMs: 3400, reason: 'CHECKPOINT_DECLINED', detail: 'map#1 threw.' })
    const { latest } = tracker.snapshot()
    assert.equal(latest.completed?.checkpointId, 1)
    assert.equal(latest.savepoint?.checkpointId, 2)
    assert.equal(latest.failed?.checkpointId, 3)
    assert.equal(latest.failed?.failureTimestampMs, 3400)
    assert.equal(latest.failed?.failureReason, 'CHECKPOINT_DECLINED')
    assert.equal(latest.failed?.failureMessage, 'Checkpoint was declined. map#1 threw.')
    assert.equal(latest.failed?.endToEndDurationMs, 400, 'failure − trigger')
    assert.equal(latest.completed?.externalPath, 'file:///cp/chk-1')
  })

  it('aggregates acknowledgements per checkpoint, per vertex and per subtask', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    trigger(tracker, 1)
    tracker.reportSubtaskStats(anAck(1, 'map', 1, { ackTimestampMs: 1300, stateSizeBytes: 300, syncDurationMs: 7,
      persistedInFlightBytes: 64, isUnaligned: true }))
    tracker.reportSubtaskStats(anAck(1, 'map', 0, { ackTimestampMs: 1200, stateSizeBytes: 100, syncDurationMs: 3 }))
    const entry = tracker.snapshot().history[0]!
    assert.equal(entry.status, 'IN_PROGRESS')
    assert.equal(entry.numSubtasks, 3)
    assert.equal(entry.numAcknowledgedSubtasks, 2)
    assert.equal(entry.latestAckTimestampMs, 1300)
    assert.equal(entry.endToEndDurationMs, 300, 'latest ack − trigger')
    assert.equal(entry.stateSizeBytes, 400)
    assert.equal(entry.persistedDataBytes, 64)
    assert.equal(entry.isUnaligned, true, 'a subtask switched to unaligned')
    assert.deepEqual(Object.keys(entry.perVertex), ['source', 'map'])
    const map = entry.perVertex['map']!
    assert.equal(map.numSubtasks, 2)
    assert.equal(map.numAcknowledgedSubtasks, 2)
    assert.equal(map.stateSizeBytes, 400)
    assert.equal(map.summary.syncDurationMs.min, 3)
    assert.equal(map.summary.syncDurationMs.max, 7)
    assert.equal(map.summary.endToEndDurationMs.avg, 250)
    assert.deepEqual(map.subtasks.map((subtask) => [subtask.subtaskIndex, subtask.status]),
      [[0, 'ACKNOWLEDGED'], [1, 'ACKNOWLEDGED']])
    const subtask1 = map.subtasks[1]!
    assert.ok(subtask1.status === 'ACKNOWLEDGED' && subtask1.endToEndDurationMs === 300)
    const source = entry.perVertex['source']!
    assert.equal(source.numAcknowledgedSubtasks, 0)
    assert.equal(source.latestAckTimestampMs, undefined)
    assert.deepEqual({ ...source.subtasks[0] }, { status: 'PENDING', vertexId: 'source', subtaskIndex: 0 })
    assert.ok(Number.isNaN(source.summary.stateSizeBytes.avg))
  })

  it('publishes job-level metrics of the latest completed checkpoint or savepoint', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    complete(tracker, 1)
    complete(tracker, 2, { durationMs: 250, stateSizeBytes: 1000 })
    assert.deepEqual({ ...tracker.metrics() }, {
      totalNumberOfCheckpoints: 2, numberOfInProgressCheckpoints: 0, numberOfCompletedCheckpoints: 2,
      numberOfFailedCheckpoints: 0, lastCheckpointDuration: 250, lastCheckpointSize: 30, lastCheckpointFullSize: 3000,
      lastCheckpointProcessedData: 15, lastCheckpointPersistedData: 0, lastCheckpointExternalPath: 'file:///cp/chk-2',
      lastCompletedCheckpointId: 2, lastCheckpointCompletedTimestamp: 2255, lastCheckpointRestoreTimestamp: undefined,
    })
    assert.ok(Object.isFrozen(tracker.metrics()))
  })

  it('never changes a published snapshot: later reports make a new one', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    trigger(tracker, 1)
    tracker.reportSubtaskStats(anAck(1, 'map', 0))
    const before = tracker.snapshot()
    assert.equal(tracker.snapshot(), before, 'the same object while nothing changed')
    tracker.reportSubtaskStats(anAck(1, 'map', 1))
    tracker.reportSubtaskStats(anAck(1, 'source', 0))
    tracker.reportCompletedCheckpoint(1, { completionTimestampMs: 1200, externalPath: undefined })
    trigger(tracker, 2)
    const after = tracker.snapshot()
    assert.notEqual(after, before)
    assert.deepEqual({ ...before.counts }, { restored: 0, total: 1, inProgress: 1, completed: 0, failed: 0 })
    assert.equal(before.history.length, 1)
    assert.equal(before.history[0]!.status, 'IN_PROGRESS')
    assert.equal(before.history[0]!.numAcknowledgedSubtasks, 1)
    assert.equal(before.history[0]!.perVertex['map']!.subtasks[1]!.status, 'PENDING')
    assert.equal(before.latest.completed, undefined)
    assert.equal(after.history[1]!.status, 'COMPLETED')
  })

  it('freezes the snapshot all the way down', () => {
    const tracker = new CheckpointStatsTracker(CONFIGURATION)
    complete(tracker, 1)
    const snapshot = tracker.snapshot()
    const entry = snapshot.history[0]!
    for (const value of [snapshot, snapshot.counts, snapshot.summary, snapshot.summary.stateSizeBytes, snapshot.latest,
      snapshot.history, snapshot.configuration, entry, entry.perVertex, entry.perVertex['map']!,
      entry.perVertex['map']!.summary, entry.perVertex['map']!.subtasks, entry.perVertex['map']!.subtasks[0]!]) {
      assert.ok(Object.isFrozen(value))
    }
    assert.throws(() => { (snapshot.counts as { total: number }).total = 99 }, TypeError)
  })
})
