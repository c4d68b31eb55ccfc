import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { checkpointCoordinatorConfigurationFrom } from '../../../../src/coordinator/checkpoint/checkpoint-coordinator-configuration.js'

function configurationOf(entries: Record<string, string>): Configuration {
  return Configuration.fromEntries(Object.entries(entries).map(([key, value]) => ({ key, value, origin: '-D' })),
    configRegistry)
}

describe('checkpointCoordinatorConfigurationFrom', () => {
  it('reads Flink\'s defaults, with periodic checkpoints disabled', () => {
    assert.deepEqual({ ...checkpointCoordinatorConfigurationFrom(Configuration.empty(configRegistry)) }, {
      intervalMs: undefined, mode: 'EXACTLY_ONCE', timeoutMs: 600_000, minPauseMs: 0, maxConcurrent: 1,
      tolerableFailures: 0, isUnaligned: false, alignedCheckpointTimeoutMs: 0,
      externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS', isSnapshotCompressed: false, checkpointsDir: undefined,
      numRetained: 1,
    })
  })

  it('reads every configured value', () => {
    const configuration = checkpointCoordinatorConfigurationFrom(configurationOf({
      'execution.checkpointing.interval': '10 s',
      'execution.checkpointing.timeout': '1 min',
      'execution.checkpointing.min-pause': '500 ms',
      'execution.checkpointing.max-concurrent-checkpoints': '3',
      'execution.checkpointing.tolerable-failed-checkpoints': '2',
      'execution.checkpointing.unaligned.enabled': 'true',
      'execution.checkpointing.aligned-checkpoint-timeout': '30 s',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'execution.checkpointing.snapshot-compression': 'true',
      'execution.checkpointing.dir': 'file:///tmp/cp',
      'execution.checkpointing.num-retained': '3',
    }))
    assert.deepEqual({ ...configuration }, {
      intervalMs: 10_000, mode: 'EXACTLY_ONCE', timeoutMs: 60_000, minPauseMs: 500, maxConcurrent: 3,
      tolerableFailures: 2, isUnaligned: true, alignedCheckpointTimeoutMs: 30_000,
      externalizedRetention: 'RETAIN_ON_CANCELLATION', isSnapshotCompressed: true, checkpointsDir: 'file:///tmp/cp',
      numRetained: 3,
    })
    assert.ok(Object.isFrozen(configuration))
  })

  it('turns unaligned checkpoints off in AT_LEAST_ONCE mode', () => {
    const configuration = checkpointCoordinatorConfigurationFrom(configurationOf({
      'execution.checkpointing.mode': 'AT_LEAST_ONCE', 'execution.checkpointing.unaligned.enabled': 'true',
    }))
    assert.equal(configuration.isUnaligned, false)
  })
})
