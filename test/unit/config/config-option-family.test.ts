import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { durationOption, integerOption } from '../../../src/config/config-option.js'
import { ConfigOptionFamily } from '../../../src/config/config-option-family.js'
import { InvalidConfigRegistryError } from '../../../src/errors.js'

// the shape the metrics reporters will need: metrics.reporter.<name>.<parameter>
function aReporterFamily(): ConfigOptionFamily {
  return new ConfigOptionFamily({
    prefix: 'metrics.reporter.',
    pattern: 'metrics.reporter.<name>.<parameter>',
    description: 'Parameters of the metric reporter <name>.',
    resolve: (key, suffix) => {
      const parameter = suffix.slice(suffix.indexOf('.') + 1)
      if (!suffix.includes('.')) return undefined
      if (parameter === 'interval') return durationOption(key, 10_000, 'Report interval.')
      if (parameter === 'port') return integerOption(key, 9249, 'Port.', { min: 0, max: 65535 })
      return undefined
    },
    candidateKeys: (key) => {
      const name = key.split('.')[2] ?? ''
      return [`metrics.reporter.${name}.interval`, `metrics.reporter.${name}.port`]
    },
  })
}

describe('ConfigOptionFamily', () => {
  it('resolves a valid key under its prefix to an option for exactly that key', () => {
    const option = aReporterFamily().resolve('metrics.reporter.prom.port')
    assert.equal(option?.key, 'metrics.reporter.prom.port')
    assert.equal(option?.defaultValue, 9249)
  })

  it('returns the same option object for the same key', () => {
    const family = aReporterFamily()
    assert.equal(family.resolve('metrics.reporter.prom.port'), family.resolve('metrics.reporter.prom.port'))
  })

  it('resolves nothing for an invalid suffix or a key outside its prefix', () => {
    const family = aReporterFamily()
    assert.equal(family.resolve('metrics.reporter.prom.colour'), undefined)
    assert.equal(family.resolve('metrics.reporter.'), undefined)
    assert.equal(family.resolve('rest.port'), undefined)
    assert.equal(family.covers('metrics.reporter.prom.colour'), true)
    assert.equal(family.covers('rest.port'), false)
  })

  it('offers its candidate keys for suggestions', () => {
    assert.deepEqual(aReporterFamily().candidateKeys('metrics.reporter.prom.prot'),
      ['metrics.reporter.prom.interval', 'metrics.reporter.prom.port'])
  })

  it('rejects a resolver that returns an option for another key, as a Sluice bug', () => {
    const family = new ConfigOptionFamily({
      prefix: 'x.', pattern: 'x.<any>', description: 'X.',
      resolve: () => integerOption('y', 1, 'Y.'),
    })
    assert.throws(() => family.resolve('x.a'), InvalidConfigRegistryError)
  })
})
