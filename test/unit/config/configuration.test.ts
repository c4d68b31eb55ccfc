import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ConfigEntry } from '../../../src/config/config-entry.js'
import { durationOption, integerOption, mapOption, noDefault } from '../../../src/config/config-option.js'
import { ConfigOptionFamily } from '../../../src/config/config-option-family.js'
import { ConfigRegistry } from '../../../src/config/config-registry.js'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import {
  CHECKPOINTING_INTERVAL, CHECKPOINTING_TIMEOUT, CHECKPOINTS_DIRECTORY, ENABLE_UNALIGNED,
} from '../../../src/config/options/checkpointing-options.js'
import {
  BUFFER_TIMEOUT, DEFAULT_PARALLELISM, MAX_PARALLELISM, PIPELINE_NAME, RUNTIME_MODE,
} from '../../../src/config/options/pipeline-options.js'
import { InvalidConfigValueError, UnknownConfigKeyError } from '../../../src/errors.js'

function entry(key: string, value: string, origin = '-D'): ConfigEntry {
  return { key, value, origin }
}

function aConfiguration(...entries: ConfigEntry[]): Configuration {
  return Configuration.fromEntries(entries, configRegistry)
}

describe('Configuration.get', () => {
  it('returns the default of an unset option', () => {
    const config = aConfiguration()
    assert.equal(config.get(DEFAULT_PARALLELISM), 1)
    assert.equal(config.get(CHECKPOINTING_TIMEOUT), 600_000)
  })

  it('returns undefined for an unset option without default, and types it so', () => {
    const config = aConfiguration()
    const interval: number | undefined = config.get(CHECKPOINTING_INTERVAL)
    assert.equal(interval, undefined)
    // @ts-expect-error an option without default may be unset, so its value is not a plain number
    const unsound: number = config.get(CHECKPOINTING_INTERVAL)
    assert.equal(unsound, undefined)
  })

  it('returns a set value parsed to its type', () => {
    const config = aConfiguration(
      entry('parallelism.default', '4'),
      entry('execution.checkpointing.interval', '10 s'),
      entry('execution.runtime-mode', 'streaming'),
      entry('pipeline.name', 'word count'),
    )
    assert.equal(config.get(DEFAULT_PARALLELISM), 4)
    assert.equal(config.get(CHECKPOINTING_INTERVAL), 10_000)
    assert.equal(config.get(RUNTIME_MODE), 'STREAMING')
    assert.equal(config.get(PIPELINE_NAME), 'word count')
  })

  it('lets the later of two entries for the same key win', () => {
    const config = aConfiguration(entry('parallelism.default', '2'), entry('parallelism.default', '3'))
    assert.equal(config.get(DEFAULT_PARALLELISM), 3)
  })
})

describe('Configuration.fromEntries validation', () => {
  it('rejects an unknown key, naming its origin and suggesting a close valid key', () => {
    assert.throws(() => aConfiguration(entry('parallelism.defualt', '4', 'config.yaml:3')), (error: unknown) => {
      assert.ok(error instanceof UnknownConfigKeyError)
      assert.equal(error.code, 'SLUICE_CONFIG_UNKNOWN_KEY')
      assert.equal(error.suggestion, 'parallelism.default')
      assert.equal(error.message,
        "unknown configuration key 'parallelism.defualt' (from config.yaml:3); did you mean 'parallelism.default'?")
      return true
    })
  })

  it('rejects an unknown key without a suggestion when nothing is close', () => {
    assert.throws(() => aConfiguration(entry('my.custom.key', 'x')), (error: unknown) => {
      assert.ok(error instanceof UnknownConfigKeyError)
      assert.equal(error.suggestion, undefined)
      assert.match(error.message, /unknown configuration key 'my.custom.key' \(from -D\); see docs\/config.md/)
      return true
    })
  })

  it('rejects a value of the wrong type, naming key, value, expected type and origin', () => {
    assert.throws(() => aConfiguration(entry('execution.checkpointing.interval', 'often', 'config.yaml:7')),
      (error: unknown) => {
        assert.ok(error instanceof InvalidConfigValueError)
        assert.equal(error.code, 'SLUICE_CONFIG_INVALID_VALUE')
        assert.equal(error.key, 'execution.checkpointing.interval')
        assert.equal(error.value, 'often')
        assert.equal(error.origin, 'config.yaml:7')
        assert.ok(error.message.startsWith("invalid value 'often' for configuration key " +
          "'execution.checkpointing.interval' (from config.yaml:7): expected a duration of at least 10 ms such as"))
        return true
      })
  })

  it('rejects a value out of range and states the range', () => {
    assert.throws(() => aConfiguration(entry('parallelism.default', '0')),
      /invalid value '0' for configuration key 'parallelism.default' \(from -D\): expected an integer of at least 1/)
    assert.throws(() => aConfiguration(entry('pipeline.max-parallelism', '40000')),
      /expected an integer from 1 to 32768/)
    assert.throws(() => aConfiguration(entry('execution.checkpointing.interval', '5 ms')),
      /expected a duration of at least 10 ms/)
  })

  it('rejects a non-boolean for a boolean key', () => {
    assert.throws(() => aConfiguration(entry('pipeline.object-reuse', 'yes')), /expected 'true' or 'false'/)
  })

  it('rejects the runtime modes Sluice does not implement, saying how to fix it', () => {
    assert.throws(() => aConfiguration(entry('execution.runtime-mode', 'batch')), (error: unknown) => {
      assert.ok(error instanceof InvalidConfigValueError)
      assert.ok(error.message.endsWith('expected STREAMING, the only mode Sluice supports (it has no BATCH ' +
        'execution); remove the key or set it to STREAMING'))
      return true
    })
  })

  it('validates an entry even when a later entry overrides it', () => {
    assert.throws(() => aConfiguration(entry('parallelism.default', 'x'), entry('parallelism.default', '2')),
      InvalidConfigValueError)
  })
})

describe('deprecated keys', () => {
  it('maps a deprecated key to its current name and records a hint', () => {
    const config = aConfiguration(entry('state.checkpoints.dir', 'file:///tmp/cp', 'config.yaml:4'))
    assert.equal(config.get(CHECKPOINTS_DIRECTORY), 'file:///tmp/cp')
    assert.deepEqual(config.deprecationHints,
      ["'state.checkpoints.dir' is deprecated; use 'execution.checkpointing.dir' (from config.yaml:4)"])
  })

  it('lets the current name win over a deprecated one whatever their order, and says so in the hint', () => {
    const config = aConfiguration(
      entry('execution.checkpointing.unaligned.enabled', 'false', 'config.yaml:2'),
      entry('execution.checkpointing.unaligned', 'true', 'config.yaml:3'),
    )
    assert.equal(config.get(ENABLE_UNALIGNED), false)
    assert.deepEqual(config.deprecationHints, [
      "'execution.checkpointing.unaligned' is deprecated; use 'execution.checkpointing.unaligned.enabled' " +
      "(from config.yaml:3); ignored because 'execution.checkpointing.unaligned.enabled' is also set",
    ])
  })

  it('has no hints when only current names are used', () => {
    assert.deepEqual(aConfiguration(entry('execution.buffer-timeout.interval', '5 ms')).deprecationHints, [])
  })

  it('reports an ill-typed value under the deprecated name the user wrote', () => {
    assert.throws(() => aConfiguration(entry('execution.buffer-timeout', 'soon')),
      /invalid value 'soon' for configuration key 'execution.buffer-timeout'/)
  })

  it('reads a deprecated key through the option that replaced it', () => {
    assert.equal(aConfiguration(entry('execution.buffer-timeout', '5 ms')).get(BUFFER_TIMEOUT), 5)
  })
})

describe('Configuration.with', () => {
  it('overrides earlier entries and leaves the original configuration unchanged', () => {
    const fromFile = aConfiguration(entry('parallelism.default', '2', 'config.yaml:1'), entry('rest.port', '9000'))
    const withDynamic = fromFile.with([entry('parallelism.default', '8')])
    assert.equal(withDynamic.get(DEFAULT_PARALLELISM), 8)
    assert.equal(withDynamic.originOf(DEFAULT_PARALLELISM), '-D')
    assert.equal(fromFile.get(DEFAULT_PARALLELISM), 2)
    assert.equal(withDynamic.toMap().get('rest.port'), '9000')
  })

  it('lets a later deprecated key override an earlier current one', () => {
    const config = aConfiguration(entry('execution.checkpointing.dir', '/a', 'config.yaml:1'))
      .with([entry('state.checkpoints.dir', '/b')])
    assert.equal(config.get(CHECKPOINTS_DIRECTORY), '/b')
    assert.equal(config.deprecationHints.length, 1)
  })

  it('validates the overriding entries too', () => {
    assert.throws(() => aConfiguration().with([entry('rest.port', '70000')]), /expected an integer from 0 to 65535/)
  })

  it('keeps the deprecation hints of every layer', () => {
    const config = aConfiguration(entry('state.backend', 'rocksdb', 'config.yaml:1'))
      .with([entry('restart-strategy', 'fixeddelay')])
    assert.equal(config.deprecationHints.length, 2)
  })
})

describe('Configuration.isSet, originOf, toMap and keysUnder', () => {
  it('tells a set option from one that only has its default', () => {
    const config = aConfiguration(entry('parallelism.default', '1'))
    assert.equal(config.isSet(DEFAULT_PARALLELISM), true)
    assert.equal(config.isSet(MAX_PARALLELISM), false)
    assert.equal(aConfiguration(entry('execution.checkpointing.unaligned', 'true')).isSet(ENABLE_UNALIGNED), true)
  })

  it('tells where the effective value came from', () => {
    const config = aConfiguration(entry('parallelism.default', '2', 'config.yaml:1'))
    assert.equal(config.originOf(DEFAULT_PARALLELISM), 'config.yaml:1')
    assert.equal(config.originOf(MAX_PARALLELISM), undefined)
  })

  it('lists set options by current key in canonical written form, sorted', () => {
    const config = aConfiguration(
      entry('state.checkpoints.dir', '/cp'),
      entry('execution.checkpointing.interval', '10000'),
      entry('execution.runtime-mode', 'Streaming'),
      entry('taskmanager.memory.segment-size', '65536'),
    )
    assert.deepEqual([...config.toMap()], [
      ['execution.checkpointing.dir', '/cp'],
      ['execution.checkpointing.interval', '10 s'],
      ['execution.runtime-mode', 'STREAMING'],
      ['taskmanager.memory.segment-size', '64 kb'],
    ])
  })

  it('lists nothing for an empty configuration', () => {
    assert.equal(Configuration.empty(configRegistry).toMap().size, 0)
  })
})

describe('map options and key families', () => {
  const JOB_PARAMETERS = mapOption('pipeline.global-job-parameters', noDefault, 'Parameters.')
    .withDeprecatedKeys('pipeline.job-parameters')
  const REPORTER_INTERVALS = new ConfigOptionFamily({
    prefix: 'metrics.reporter.',
    pattern: 'metrics.reporter.<name>.interval',
    description: 'Reporter intervals.',
    resolve: (key, suffix) => (/^[^.]+\.interval$/.test(suffix) ? durationOption(key, 10_000, 'Interval.') : undefined),
  })
  const registry = new ConfigRegistry([JOB_PARAMETERS, integerOption('a', 1, 'A.')], [REPORTER_INTERVALS])

  it('assembles a map option from <key>.<mapKey> entries, as a nested map in config.yaml flattens', () => {
    const config = Configuration.fromEntries([
      entry('pipeline.global-job-parameters.region', 'eu'),
      entry('pipeline.global-job-parameters.tier', 'gold'),
    ], registry)
    assert.deepEqual(config.get(JOB_PARAMETERS), new Map([['region', 'eu'], ['tier', 'gold']]))
    assert.equal(config.toMap().get('pipeline.global-job-parameters'), 'region:eu,tier:gold')
  })

  it('lets a later whole-map entry replace earlier map entries and later map entries add to it', () => {
    const config = Configuration.fromEntries([
      entry('pipeline.global-job-parameters.region', 'eu'),
      entry('pipeline.global-job-parameters', 'tier:gold'),
      entry('pipeline.global-job-parameters.zone', 'b'),
    ], registry)
    assert.deepEqual(config.get(JOB_PARAMETERS), new Map([['tier', 'gold'], ['zone', 'b']]))
  })

  it('merges map entries of a later layer into the earlier map, as Flink merges -D into the file', () => {
    const config = Configuration.fromEntries([entry('pipeline.global-job-parameters.region', 'eu')], registry)
      .with([entry('pipeline.global-job-parameters.tier', 'gold')])
    assert.deepEqual(config.get(JOB_PARAMETERS), new Map([['region', 'eu'], ['tier', 'gold']]))
  })

  it('hints at the current key of a deprecated map entry', () => {
    const config = Configuration.fromEntries([entry('pipeline.job-parameters.region', 'eu')], registry)
    assert.deepEqual(config.get(JOB_PARAMETERS), new Map([['region', 'eu']]))
    assert.deepEqual(config.deprecationHints,
      ["'pipeline.job-parameters.region' is deprecated; use 'pipeline.global-job-parameters.region' (from -D)"])
  })

  it('accepts family keys, validates their values and lists them under their prefix', () => {
    const config = Configuration.fromEntries([
      entry('metrics.reporter.prom.interval', '30 s'),
      entry('metrics.reporter.jmx.interval', '1 min'),
    ], registry)
    assert.deepEqual(config.keysUnder('metrics.reporter.'),
      ['metrics.reporter.jmx.interval', 'metrics.reporter.prom.interval'])
    const option = REPORTER_INTERVALS.resolve('metrics.reporter.prom.interval')
    assert.ok(option !== undefined)
    assert.equal(config.get(option), 30_000)
    assert.throws(() => Configuration.fromEntries([entry('metrics.reporter.prom.interval', 'x')], registry),
      InvalidConfigValueError)
    assert.throws(() => Configuration.fromEntries([entry('metrics.reporter.prom.colour', 'red')], registry),
      UnknownConfigKeyError)
  })

  it('reads a value through any option object for the key, parsing with that option type', () => {
    const config = Configuration.fromEntries([entry('a', '5')], registry)
    assert.equal(config.get(integerOption('a', 0, 'Same key, another object.')), 5)
    assert.throws(() => config.get(durationOption('a', 0, 'Different type.', { minMs: 10 })), InvalidConfigValueError)
  })
})
