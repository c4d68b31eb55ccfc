import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  AUTO_WATERMARK_INTERVAL, BUFFER_TIMEOUT, DEFAULT_PARALLELISM, MAX_PARALLELISM, OBJECT_REUSE, PIPELINE_NAME,
  RUNTIME_MODE,
} from '../../../../src/config/options/pipeline-options.js'

function configWith(key: string, value: string): Configuration {
  return Configuration.fromEntries([{ key, value, origin: '-D' }], configRegistry)
}

describe('pipeline options', () => {
  it("carry Flink's keys and Sluice's defaults", () => {
    const config = Configuration.empty(configRegistry)
    assert.equal(config.get(DEFAULT_PARALLELISM), 1)
    assert.equal(config.get(MAX_PARALLELISM), 128)
    assert.equal(config.get(AUTO_WATERMARK_INTERVAL), 200)
    assert.equal(config.get(PIPELINE_NAME), undefined)
    assert.equal(config.get(OBJECT_REUSE), false)
    assert.equal(config.get(BUFFER_TIMEOUT), 100)
    assert.equal(config.get(RUNTIME_MODE), 'STREAMING')
  })

  it('say in the docs that object reuse changes nothing because Sluice never copies between chained operators', () => {
    assert.match(OBJECT_REUSE.description, /never copies records between chained operators/)
  })

  it('bound the max parallelism to 1..32768 like Flink', () => {
    assert.equal(configWith('pipeline.max-parallelism', '32768').get(MAX_PARALLELISM), 32768)
    assert.throws(() => configWith('pipeline.max-parallelism', '32769'), /from 1 to 32768/)
  })

  it('read the pre-1.19 buffer timeout key', () => {
    assert.deepEqual(BUFFER_TIMEOUT.deprecatedKeys, ['execution.buffer-timeout'])
    assert.equal(configWith('execution.buffer-timeout', '10 ms').get(BUFFER_TIMEOUT), 10)
  })

  it('accept STREAMING in any case and refuse BATCH and AUTOMATIC', () => {
    assert.equal(configWith('execution.runtime-mode', 'Streaming').get(RUNTIME_MODE), 'STREAMING')
    assert.throws(() => configWith('execution.runtime-mode', 'AUTOMATIC'), /it has no AUTOMATIC execution/)
    assert.throws(() => configWith('execution.runtime-mode', 'interactive'),
      /expected one of STREAMING, BATCH, AUTOMATIC/)
  })
})
