import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  METRIC_REPORTER_FAMILY, METRICS_SCOPE_JM_JOB, metricReporterOption, splitMetricReporterKey,
} from '../../../../src/config/options/metric-options.js'

describe('metric options', () => {
  it('splits metrics.reporter.<name>.<parameter> at the first dot after the prefix', () => {
    assert.deepEqual(splitMetricReporterKey('metrics.reporter.prom.scope.variables.excludes'), { name: 'prom', parameter: 'scope.variables.excludes' })
    assert.equal(splitMetricReporterKey('metrics.reporter.prom'), undefined)
    assert.equal(splitMetricReporterKey('metrics.reporters'), undefined)
  })

  it('types each reporter parameter, keyed by the full key', () => {
    const option = metricReporterOption('metrics.reporter.gw.deleteOnShutdown')
    assert.equal(option?.key, 'metrics.reporter.gw.deleteOnShutdown')
    assert.equal(option?.defaultValue, true)
    assert.equal(metricReporterOption('metrics.reporter.gw.noSuchThing'), undefined)
    const configuration = Configuration.fromEntries([{ key: 'metrics.reporter.i.connectTimeout', value: '2 s', origin: '-D' }], configRegistry)
    assert.equal(configuration.get(metricReporterOption('metrics.reporter.i.connectTimeout')!), 2000)
  })

  it('offers the same reporter\'s parameters as did-you-mean candidates', () => {
    assert.ok(METRIC_REPORTER_FAMILY.candidateKeys('metrics.reporter.gw.hostUrll').includes('metrics.reporter.gw.hostUrl'))
  })

  it("reads Flink's deprecated metrics.scope.jm.job", () => {
    const configuration = Configuration.fromEntries([{ key: 'metrics.scope.jm.job', value: 'x.<job_name>', origin: '-D' }], configRegistry)
    assert.equal(configuration.get(METRICS_SCOPE_JM_JOB), 'x.<job_name>')
  })
})
