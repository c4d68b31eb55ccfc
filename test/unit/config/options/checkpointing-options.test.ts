import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { InvalidConfigValueError } from '../../../../src/errors.js'
import {
  ALIGNED_CHECKPOINT_TIMEOUT, CHECKPOINTING_CONSISTENCY_MODE, CHECKPOINTING_INTERVAL, CHECKPOINTING_TIMEOUT,
  CHECKPOINTS_DIRECTORY, CHECKPOINT_STORAGE, CREATE_CHECKPOINT_SUB_DIR, ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH,
  ENABLE_UNALIGNED, EXTERNALIZED_CHECKPOINT_RETENTION, FS_SMALL_FILE_THRESHOLD, FS_WRITE_BUFFER_SIZE,
  INCREMENTAL_CHECKPOINTS, LOCAL_BACKUP_DIRS, LOCAL_BACKUP_ENABLED, MAX_CONCURRENT_CHECKPOINTS,
  MAX_RETAINED_CHECKPOINTS, MIN_PAUSE_BETWEEN_CHECKPOINTS, SAVEPOINT_DIRECTORY, SNAPSHOT_COMPRESSION,
  TOLERABLE_FAILURE_NUMBER, CLEANER_PARALLEL_MODE,
} from '../../../../src/config/options/checkpointing-options.js'

function configWith(key: string, value: string): Configuration {
  return Configuration.fromEntries([{ key, value, origin: '-D' }], configRegistry)
}

describe('checkpointing options', () => {
  it('carry the defaults of flink-ops.md §4.1', () => {
    const config = Configuration.empty(configRegistry)
    assert.equal(config.get(CHECKPOINTING_INTERVAL), undefined)
    assert.equal(config.get(CHECKPOINTING_CONSISTENCY_MODE), 'EXACTLY_ONCE')
    assert.equal(config.get(CHECKPOINTING_TIMEOUT), 600_000)
    assert.equal(config.get(MIN_PAUSE_BETWEEN_CHECKPOINTS), 0)
    assert.equal(config.get(MAX_CONCURRENT_CHECKPOINTS), 1)
    assert.equal(config.get(TOLERABLE_FAILURE_NUMBER), 0)
    assert.equal(config.get(ENABLE_UNALIGNED), false)
    assert.equal(config.get(ALIGNED_CHECKPOINT_TIMEOUT), 0)
    assert.equal(config.get(EXTERNALIZED_CHECKPOINT_RETENTION), 'NO_EXTERNALIZED_CHECKPOINTS')
    assert.equal(config.get(SNAPSHOT_COMPRESSION), false)
    assert.equal(config.get(INCREMENTAL_CHECKPOINTS), false)
    assert.equal(config.get(CHECKPOINTS_DIRECTORY), undefined)
    assert.equal(config.get(SAVEPOINT_DIRECTORY), undefined)
    assert.equal(config.get(CHECKPOINT_STORAGE), undefined)
    assert.equal(config.get(MAX_RETAINED_CHECKPOINTS), 1)
    assert.equal(config.get(CREATE_CHECKPOINT_SUB_DIR), true)
    assert.equal(config.get(FS_SMALL_FILE_THRESHOLD), 20 * 1024)
    assert.equal(config.get(FS_WRITE_BUFFER_SIZE), 4096)
    assert.equal(config.get(CLEANER_PARALLEL_MODE), true)
    assert.equal(config.get(ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH), true)
    assert.equal(config.get(LOCAL_BACKUP_ENABLED), false)
    assert.equal(config.get(LOCAL_BACKUP_DIRS), undefined)
  })

  it('still read every old key name of flink-ops.md §4.1', () => {
    const oldNames: [string, string, unknown, { key: string }][] = [
      ['execution.checkpointing.unaligned', 'true', true, ENABLE_UNALIGNED],
      ['execution.checkpointing.alignment-timeout', '30 s', 30_000, ALIGNED_CHECKPOINT_TIMEOUT],
      ['state.backend.incremental', 'true', true, INCREMENTAL_CHECKPOINTS],
      ['state.checkpoints.dir', '/cp', '/cp', CHECKPOINTS_DIRECTORY],
      ['state.backend.fs.checkpointdir', '/cp', '/cp', CHECKPOINTS_DIRECTORY],
      ['state.savepoints.dir', '/sp', '/sp', SAVEPOINT_DIRECTORY],
      ['savepoints.state.backend.fs.dir', '/sp', '/sp', SAVEPOINT_DIRECTORY],
      ['state.checkpoint-storage', 'filesystem', 'filesystem', CHECKPOINT_STORAGE],
      ['state.checkpoints.num-retained', '3', 3, MAX_RETAINED_CHECKPOINTS],
      ['state.checkpoints.create-subdir', 'false', false, CREATE_CHECKPOINT_SUB_DIR],
      ['state.storage.fs.memory-threshold', '1 kb', 1024, FS_SMALL_FILE_THRESHOLD],
      ['state.backend.fs.memory-threshold', '1 kb', 1024, FS_SMALL_FILE_THRESHOLD],
      ['state.storage.fs.write-buffer-size', '8192', 8192, FS_WRITE_BUFFER_SIZE],
      ['state.backend.fs.write-buffer-size', '8192', 8192, FS_WRITE_BUFFER_SIZE],
      ['state.checkpoint.cleaner.parallel-mode', 'false', false, CLEANER_PARALLEL_MODE],
      ['execution.checkpointing.checkpoints-after-tasks-finish.enabled', 'true', true,
        ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH],
      ['state.backend.local-recovery', 'true', true, LOCAL_BACKUP_ENABLED],
      ['taskmanager.state.local.root-dirs', '/local', '/local', LOCAL_BACKUP_DIRS],
    ]
    for (const [oldKey, raw, expected, option] of oldNames) {
      const config = configWith(oldKey, raw)
      assert.deepEqual(config.toMap().has(option.key), true, oldKey)
      assert.equal(config.deprecationHints[0]?.startsWith(`'${oldKey}' is deprecated; use '${option.key}'`), true)
      const resolution = configRegistry.resolve(oldKey)
      assert.ok(resolution.kind === 'option')
      assert.equal(config.get(resolution.option), expected, oldKey)
    }
  })

  it('refuse intervals and timeouts below the 10 ms Flink requires', () => {
    assert.throws(() => configWith('execution.checkpointing.interval', '9 ms'), /at least 10 ms/)
    assert.throws(() => configWith('execution.checkpointing.timeout', '1'), /at least 10 ms/)
  })

  // an empty execution.checkpointing.dir used to resolve to the working directory without a word
  it('refuse an empty or blank directory, naming the key and saying to leave it unset instead', () => {
    for (const value of ['', '  ']) {
      assert.throws(() => configWith('execution.checkpointing.dir', value), (error: unknown) =>
        error instanceof InvalidConfigValueError && error.key === 'execution.checkpointing.dir' && error.message ===
        `invalid value '${value}' for configuration key 'execution.checkpointing.dir' (from -D): expected a directory ` +
        'path or file:// URI (leave the key unset to keep checkpoints in a temporary directory for the life of the ' +
        'job), not an empty value')
    }
    assert.throws(() => configWith('state.checkpoints.dir', ''), /'state\.checkpoints\.dir'.*not an empty value/)
    assert.throws(() => configWith('execution.checkpointing.savepoint-dir', ''), /leave the key unset to name a directory with each savepoint\), not an empty value/)
  })

  it('read the checkpointing mode case-insensitively', () => {
    assert.equal(configWith('execution.checkpointing.mode', 'at_least_once').get(CHECKPOINTING_CONSISTENCY_MODE),
      'AT_LEAST_ONCE')
  })

  it('refuse turning off checkpoints after tasks finish, which the final commit of a bounded job needs', () => {
    assert.throws(() => configWith('execution.checkpointing.checkpoints-after-tasks-finish', 'false'), /a two-phase sink could only commit its last output outside any checkpoint/)
  })

  it('cap the inline threshold at 1 mb like Flink', () => {
    assert.throws(() => configWith('execution.checkpointing.data-inline-threshold', '2 mb'), /at most 1 mb/)
  })
})
