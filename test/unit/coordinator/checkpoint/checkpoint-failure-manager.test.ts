import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CheckpointFailureManager } from '../../../../src/coordinator/checkpoint/checkpoint-failure-manager.js'
import {
  CHECKPOINT_FAILURE_REASONS, isCountedAsFailure, type CheckpointFailureReason,
} from '../../../../src/coordinator/checkpoint/checkpoint-failure-reason.js'

function failure(checkpointId: number | undefined, reason: CheckpointFailureReason = 'CHECKPOINT_EXPIRED',
  isSavepoint = false) {
  return { checkpointId, reason, isSavepoint }
}

describe('CheckpointFailureManager', () => {
  it('fails the job on the first counted failure when none is tolerated', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 0 })
    const verdict = manager.onCheckpointFailed(failure(1))
    assert.equal(verdict.kind, 'fail-job')
    assert.ok(verdict.kind === 'fail-job' && verdict.message.includes('Exceeded checkpoint tolerable failure threshold'))
    assert.ok(verdict.kind === 'fail-job' && verdict.message.includes('execution.checkpointing.tolerable-failed-checkpoints'))
  })

  it('tolerates exactly tolerableFailures consecutive failures', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 2 })
    assert.deepEqual(manager.onCheckpointFailed(failure(1)), { kind: 'tolerate', consecutiveFailures: 1 })
    assert.deepEqual(manager.onCheckpointFailed(failure(2, 'IO_EXCEPTION')), { kind: 'tolerate', consecutiveFailures: 2 })
    const verdict = manager.onCheckpointFailed(failure(3, 'CHECKPOINT_DECLINED'))
    assert.equal(verdict.kind, 'fail-job')
    assert.equal(verdict.consecutiveFailures, 3)
    assert.equal(manager.consecutiveFailures, 0, 'counting starts over after the verdict')
  })

  it('resets the count when a checkpoint completes', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 1 })
    manager.onCheckpointFailed(failure(1))
    manager.onCheckpointCompleted(2)
    assert.equal(manager.consecutiveFailures, 0)
    assert.equal(manager.onCheckpointFailed(failure(3)).kind, 'tolerate')
  })

  it('ignores failures of checkpoints older than the last completed one', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 0 })
    manager.onCheckpointCompleted(5)
    assert.equal(manager.onCheckpointFailed(failure(4)).kind, 'tolerate')
  })

  it('counts a checkpoint once however often it is reported failed', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 1 })
    manager.onCheckpointFailed(failure(1, 'CHECKPOINT_DECLINED'))
    assert.equal(manager.onCheckpointFailed(failure(1, 'CHECKPOINT_EXPIRED')).kind, 'tolerate')
    assert.equal(manager.consecutiveFailures, 1)
  })

  it('does not count savepoint failures or reasons that are not the checkpoint\'s fault', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 0 })
    assert.equal(manager.onCheckpointFailed(failure(1, 'CHECKPOINT_EXPIRED', true)).kind, 'tolerate')
    for (const reason of ['CHECKPOINT_SUBSUMED', 'CHECKPOINT_COORDINATOR_SHUTDOWN', 'TOO_MANY_CHECKPOINT_REQUESTS',
      'TASK_FAILURE', 'JOB_FAILOVER_REGION', 'MINIMUM_TIME_BETWEEN_CHECKPOINTS'] as const) {
      assert.equal(manager.onCheckpointFailed(failure(2, reason)).kind, 'tolerate', reason)
    }
  })

  it('counts only storage errors, declines, timeouts and async/finalize failures', () => {
    const counted = Object.keys(CHECKPOINT_FAILURE_REASONS)
      .filter((reason) => isCountedAsFailure(reason as CheckpointFailureReason)).sort()
    assert.deepEqual(counted, ['CHECKPOINT_ASYNC_EXCEPTION', 'CHECKPOINT_DECLINED', 'CHECKPOINT_EXPIRED',
      'FINALIZE_CHECKPOINT_FAILURE', 'IO_EXCEPTION'])
  })

  it('counts every failure without a checkpoint id', () => {
    const manager = new CheckpointFailureManager({ tolerableFailures: 1 })
    manager.onCheckpointFailed(failure(undefined, 'IO_EXCEPTION'))
    assert.equal(manager.onCheckpointFailed(failure(undefined, 'IO_EXCEPTION')).kind, 'fail-job')
  })
})
