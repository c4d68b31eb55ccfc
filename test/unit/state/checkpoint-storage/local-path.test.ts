import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import { CHECKPOINTS_DIRECTORY, SAVEPOINT_DIRECTORY } from '../../../../src/config/options/checkpointing-options.js'
import { InvalidConfigValueError } from '../../../../src/errors.js'
import { checkLocalDirectoryOption } from '../../../../src/state/checkpoint-storage/local-path.js'

function configWith(key: string, value: string, origin = '-D'): Configuration {
  return Configuration.fromEntries([{ key, value, origin }], configRegistry)
}

describe('checkLocalDirectoryOption', () => {
  it('accepts a local path, a file:// URI and an unset key', () => {
    checkLocalDirectoryOption(configWith('execution.checkpointing.savepoint-dir', '/tmp/savepoints'), SAVEPOINT_DIRECTORY)
    checkLocalDirectoryOption(configWith('execution.checkpointing.savepoint-dir', 'file:///tmp/savepoints'), SAVEPOINT_DIRECTORY)
    checkLocalDirectoryOption(Configuration.empty(configRegistry), SAVEPOINT_DIRECTORY)
  })

  // a remote savepoint directory used to pass until the first savepoint failed on it
  it('rejects another scheme, naming the key, the value and where it came from', () => {
    assert.throws(() => checkLocalDirectoryOption(configWith('state.savepoints.dir', 's3://bucket/sp', 'config.yaml:4'), SAVEPOINT_DIRECTORY),
      (error: unknown) => error instanceof InvalidConfigValueError && error.message ===
        "invalid value 's3://bucket/sp' for configuration key 'execution.checkpointing.savepoint-dir' (from config.yaml:4): " +
        'expected a local path or file:// URI (s3:// is not supported)')
    assert.throws(() => checkLocalDirectoryOption(configWith('execution.checkpointing.dir', 'hdfs://nn/ckpts'), CHECKPOINTS_DIRECTORY),
      /'execution\.checkpointing\.dir' \(from -D\): expected a local path or file:\/\/ URI \(hdfs:\/\/ is not supported\)/)
  })
})
