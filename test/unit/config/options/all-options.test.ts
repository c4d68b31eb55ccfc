import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { ALL_CONFIG_OPTIONS, configRegistry } from '../../../../src/config/options/all-options.js'

describe('ALL_CONFIG_OPTIONS', () => {
  it('holds every option of every options module, each key once', () => {
    const keys = ALL_CONFIG_OPTIONS.map((option) => option.key)
    assert.equal(new Set(keys).size, keys.length)
    for (const key of ['parallelism.default', 'taskmanager.numberOfTaskSlots', 'rest.port',
      'execution.checkpointing.interval', 'state.backend.type', 'restart-strategy.type']) {
      assert.ok(keys.includes(key), key)
    }
  })

  it('gives every option a one-sentence description', () => {
    for (const option of ALL_CONFIG_OPTIONS) {
      assert.match(option.description, /^[A-Z].*\.$/, option.key)
      assert.doesNotMatch(option.description, /\. [A-Z]/, `${option.key} has more than one sentence`)
    }
  })

  it('gives every option a default its own type accepts back from its written form', () => {
    for (const option of ALL_CONFIG_OPTIONS) {
      if (option.defaultValue === undefined) continue
      const written = option.type.format(option.defaultValue)
      assert.deepEqual(option.type.parse(written), { ok: true, value: option.defaultValue }, option.key)
    }
  })

  it('refuses an empty value where one would silently mean something else', () => {
    // a directory would resolve to the working directory, an address to every interface, a name or delimiter to nothing
    for (const key of ['execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir',
      'execution.checkpointing.local-backup.dirs', 'rest.address', 'pipeline.name', 'metrics.scope.delimiter',
      'metrics.reporter.prom.factory.class', 'metrics.reporter.prom.class', 'metrics.reporter.prom.host',
      'metrics.reporter.prom.scope.delimiter']) {
      assert.throws(() => Configuration.fromEntries([{ key, value: ' ', origin: '-D' }], configRegistry),
        new RegExp(`configuration key '${key.replaceAll('.', '\\.')}' \\(from -D\\): expected .*, not an empty value$`), key)
    }
  })

  it('never uses a key of one option as a deprecated name of another', () => {
    const current = new Set(ALL_CONFIG_OPTIONS.map((option) => option.key))
    for (const option of ALL_CONFIG_OPTIONS) {
      for (const key of option.deprecatedKeys) assert.ok(!current.has(key), key)
    }
  })
})

describe('configRegistry', () => {
  it('resolves every key and every deprecated key of ALL_CONFIG_OPTIONS', () => {
    for (const option of ALL_CONFIG_OPTIONS) {
      for (const key of [option.key, ...option.deprecatedKeys]) {
        const resolution = configRegistry.resolve(key)
        assert.equal(resolution.kind === 'option' && resolution.option, option, key)
      }
    }
  })
})
