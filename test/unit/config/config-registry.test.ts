import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { durationOption, integerOption, mapOption, noDefault, stringOption } from '../../../src/config/config-option.js'
import { ConfigOptionFamily } from '../../../src/config/config-option-family.js'
import { ConfigRegistry } from '../../../src/config/config-registry.js'
import { InvalidConfigRegistryError } from '../../../src/errors.js'

const PARALLELISM = integerOption('parallelism.default', 1, 'Parallelism.', { min: 1 })
const CHECKPOINT_DIR = stringOption('execution.checkpointing.dir', noDefault, 'Dir.')
  .withDeprecatedKeys('state.checkpoints.dir', 'state.backend.fs.checkpointdir')
const JOB_PARAMETERS = mapOption('pipeline.global-job-parameters', noDefault, 'Parameters.')
const REPORTERS = new ConfigOptionFamily({
  prefix: 'metrics.reporter.',
  pattern: 'metrics.reporter.<name>.interval',
  description: 'Reporter intervals.',
  resolve: (key, suffix) => (suffix.endsWith('.interval') ? durationOption(key, 10_000, 'Interval.') : undefined),
  candidateKeys: (key) => [`${key.split('.').slice(0, 3).join('.')}.interval`],
})

function aRegistry(): ConfigRegistry {
  return new ConfigRegistry([PARALLELISM, CHECKPOINT_DIR, JOB_PARAMETERS], [REPORTERS])
}

describe('ConfigRegistry.resolve', () => {
  it('resolves a current key to its option', () => {
    assert.deepEqual(aRegistry().resolve('parallelism.default'),
      { kind: 'option', option: PARALLELISM, isDeprecatedKey: false })
  })

  it('resolves each deprecated key to the option that replaced it', () => {
    assert.deepEqual(aRegistry().resolve('state.backend.fs.checkpointdir'),
      { kind: 'option', option: CHECKPOINT_DIR, isDeprecatedKey: true })
  })

  it('resolves <mapKey>.<entry> to one entry of a map option', () => {
    assert.deepEqual(aRegistry().resolve('pipeline.global-job-parameters.region'),
      { kind: 'map-entry', option: JOB_PARAMETERS, isDeprecatedKey: false, mapKey: 'region' })
  })

  it('resolves a key of a family through the family', () => {
    const resolution = aRegistry().resolve('metrics.reporter.prom.interval')
    assert.equal(resolution.kind, 'option')
    assert.equal(resolution.kind === 'option' && resolution.option.key, 'metrics.reporter.prom.interval')
  })

  it('reports an unknown key with a suggestion when a valid key is close', () => {
    assert.deepEqual(aRegistry().resolve('parallelism.defualt'), { kind: 'unknown', suggestion: 'parallelism.default' })
  })

  it('suggests the current name when the typo is closest to a deprecated one', () => {
    assert.deepEqual(aRegistry().resolve('state.checkpoint.dir'),
      { kind: 'unknown', suggestion: 'execution.checkpointing.dir' })
  })

  it('suggests a key that differs only in case', () => {
    assert.equal(aRegistry().suggest('PARALLELISM.DEFAULT'), 'parallelism.default')
  })

  it('suggests valid keys of a family for a mistyped family key', () => {
    assert.equal(aRegistry().suggest('metrics.reporter.prom.intervall'), 'metrics.reporter.prom.interval')
  })

  it('suggests nothing when no valid key is close', () => {
    assert.deepEqual(aRegistry().resolve('foo.bar'), { kind: 'unknown', suggestion: undefined })
    assert.equal(aRegistry().suggest('parallelism'), undefined)
  })
})

describe('ConfigRegistry', () => {
  it('finds an option by its current name only', () => {
    assert.equal(aRegistry().option('execution.checkpointing.dir'), CHECKPOINT_DIR)
    assert.equal(aRegistry().option('state.checkpoints.dir'), undefined)
  })

  it('rejects a key defined twice, whether as a current or a deprecated name', () => {
    assert.throws(() => new ConfigRegistry([PARALLELISM, integerOption('parallelism.default', 2, 'Again.')]),
      InvalidConfigRegistryError)
    assert.throws(() => new ConfigRegistry([CHECKPOINT_DIR, stringOption('x', noDefault, 'X.')
      .withDeprecatedKeys('state.checkpoints.dir')]), /defined by both 'execution.checkpointing.dir' and 'x'/)
  })
})
