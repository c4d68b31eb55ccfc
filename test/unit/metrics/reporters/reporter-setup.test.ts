import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  InvalidMetricReporterConfigError, UnknownConfigKeyError, UnknownMetricReporterFactoryError,
} from '../../../../src/errors.js'
import { reporterSetupsFrom } from '../../../../src/metrics/reporters/reporter-setup.js'
import { checkReporterConfiguration, createReporter } from '../../../../src/metrics/reporters/create-reporter.js'
import { MetricRegistry } from '../../../../src/metrics/metric-registry.js'
import { ManualClock } from '../../../support/manual-clock.js'

function configuration(properties: Readonly<Record<string, string>>): Configuration {
  return Configuration.fromEntries(Object.entries(properties).map(([key, value]) => ({ key, value, origin: '-D' })), configRegistry)
}

const PROM = 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory'

describe('reporter configuration', () => {
  it("accepts Flink's factory class names, Flink 1.x '.class' names and Sluice's kinds", () => {
    const setups = reporterSetupsFrom(configuration({
      'metrics.reporter.prom.factory.class': PROM,
      'metrics.reporter.gw.class': 'org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporter',
      'metrics.reporter.influx.factory.class': 'org.apache.flink.metrics.influxdb.InfluxdbReporterFactory',
      'metrics.reporter.grph.factory.class': 'org.apache.flink.metrics.graphite.GraphiteReporterFactory',
      'metrics.reporter.log.factory.class': 'org.apache.flink.metrics.slf4j.Slf4jReporterFactory',
      'metrics.reporter.log2.factory.class': 'slf4j',
    }))
    assert.deepEqual(setups.map((s) => [s.settings.name, s.kind]), [
      ['grph', 'graphite'], ['gw', 'prometheus-push-gateway'], ['influx', 'influxdb'], ['log', 'slf4j'], ['log2', 'slf4j'], ['prom', 'prometheus'],
    ])
  })

  it('reads the common settings with their defaults', () => {
    const [setup] = reporterSetupsFrom(configuration({
      'metrics.reporter.prom.factory.class': PROM,
      'metrics.reporter.prom.scope.variables.excludes': 'tm_id;<task_attempt_id>',
      'metrics.reporter.prom.scope.variables.additional': 'cluster:ci,region:eu',
    }))
    assert.equal(setup!.settings.intervalMs, 10_000)
    assert.equal(setup!.settings.delimiter, '.')
    assert.deepEqual([...setup!.settings.excludedVariables], ['<tm_id>', '<task_attempt_id>'])
    assert.deepEqual([...setup!.settings.additionalVariables], [['<cluster>', 'ci'], ['<region>', 'eu']])
    assert.ok(setup!.settings.filter.accepts('taskmanager.job.task', 'numRecordsIn', 'counter'))
  })

  it('starts only the reporters metrics.reporters lists', () => {
    const setups = reporterSetupsFrom(configuration({
      'metrics.reporters': 'b',
      'metrics.reporter.a.factory.class': 'slf4j',
      'metrics.reporter.b.factory.class': 'slf4j',
    }))
    assert.deepEqual(setups.map((s) => s.settings.name), ['b'])
  })

  it('rejects an unknown parameter as an unknown key, with a did-you-mean for the same reporter', () => {
    assert.throws(() => configuration({ 'metrics.reporter.promgateway.jobNmae': 'x' }), (error: unknown) => {
      assert.ok(error instanceof UnknownConfigKeyError)
      assert.equal(error.key, 'metrics.reporter.promgateway.jobNmae')
      assert.equal(error.suggestion, 'metrics.reporter.promgateway.jobName')
      return true
    })
  })

  it('rejects an ill-typed parameter naming the key', () => {
    assert.throws(() => configuration({ 'metrics.reporter.prom.port': 'ninety' }), /invalid value 'ninety' for configuration key 'metrics.reporter.prom.port'/)
    // these used to pass as configuration and fail only when the reporter started, with Node's own words
    for (const port of ['99999', '9260-9250', '9249,70000']) {
      assert.throws(() => configuration({ 'metrics.reporter.prom.port': port }),
        new RegExp(`invalid value '${port}' for configuration key 'metrics.reporter.prom.port' \\(from -D\\): expected a port from 0 to 65535`))
    }
    assert.equal(reporterSetupsFrom(configuration({ 'metrics.reporter.prom.factory.class': PROM, 'metrics.reporter.prom.port': '0,9250-9260,65535' }))[0]!.value('port'), '0,9250-9260,65535')
    assert.throws(() => configuration({ 'metrics.reporter.g.protocol': 'SCTP' }), /metrics.reporter.g.protocol/)
  })

  it("rejects a parameter of another reporter kind, naming the key and the reporter's parameters", () => {
    assert.throws(() => reporterSetupsFrom(configuration({
      'metrics.reporter.grph.factory.class': 'graphite', 'metrics.reporter.grph.jobName': 'x',
    })), (error: unknown) => {
      assert.ok(error instanceof InvalidMetricReporterConfigError)
      assert.equal(error.key, 'metrics.reporter.grph.jobName')
      assert.match(error.message, /the graphite reporter has no parameter 'jobName'; it takes .*protocol/)
      return true
    })
  })

  it('rejects a reporter without factory, an unknown factory, and a listed reporter that is not configured', () => {
    assert.throws(() => reporterSetupsFrom(configuration({ 'metrics.reporter.x.interval': '1 s' })),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.x.factory.class')
    assert.throws(() => reporterSetupsFrom(configuration({ 'metrics.reporter.x.factory.class': 'org.apache.flink.metrics.jmx.JMXReporterFactory' })),
      (error: unknown) => error instanceof UnknownMetricReporterFactoryError && /JMXReporterFactory/.test(error.message))
    assert.throws(() => reporterSetupsFrom(configuration({ 'metrics.reporters': 'missing' })),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporters')
  })

  it('rejects an invalid filter naming the key', () => {
    assert.throws(() => reporterSetupsFrom(configuration({
      'metrics.reporter.log.factory.class': 'slf4j', 'metrics.reporter.log.filter.excludes': '*:*:timer',
    })), (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.log.filter.excludes')
  })

  it('requires what a reporter cannot work without: the Pushgateway URL, the InfluxDB host and db, a single port', () => {
    const create = (properties: Record<string, string>) => {
      const [setup] = reporterSetupsFrom(configuration(properties))
      return createReporter(setup!, { registry: new MetricRegistry(), clock: new ManualClock(), log: () => {} })
    }
    assert.throws(() => create({ 'metrics.reporter.gw.factory.class': 'prometheus-push-gateway' }),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.gw.hostUrl')
    assert.throws(() => create({ 'metrics.reporter.i.factory.class': 'influxdb', 'metrics.reporter.i.host': 'h' }),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.i.db')
    assert.throws(() => create({ 'metrics.reporter.g.factory.class': 'graphite', 'metrics.reporter.g.host': 'h', 'metrics.reporter.g.port': '2003-2004' }),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.g.port')
    assert.throws(() => create({ 'metrics.reporter.gw.factory.class': 'prometheus-push-gateway', 'metrics.reporter.gw.hostUrl': 'h:1', 'metrics.reporter.gw.groupingKey': 'a=1;b' }),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError)
    const legacy = create({ 'metrics.reporter.gw.factory.class': 'prometheus-push-gateway', 'metrics.reporter.gw.host': 'gw', 'metrics.reporter.gw.port': '9091', 'metrics.reporter.gw.jobName': 'j' })
    assert.match(legacy.target, /^http:\/\/gw:9091\/metrics\/job\/j[0-9a-f]{32}$/, "Flink 1.x's host and port still work")
  })

  it('checks every configured reporter without starting any, so that a mistake stops the submission', () => {
    const invalid = (key: string) => (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === key
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.foo.factory.class': 'org.nope.Factory' })),
      (error: unknown) => error instanceof UnknownMetricReporterFactoryError && error.key === 'metrics.reporter.foo.factory.class')
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.g.factory.class': 'graphite', 'metrics.reporter.g.host': 'h' })),
      invalid('metrics.reporter.g.port'))
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.g.factory.class': 'graphite', 'metrics.reporter.g.port': '2003' })),
      invalid('metrics.reporter.g.host'))
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.i.factory.class': 'influxdb', 'metrics.reporter.i.host': 'in flux', 'metrics.reporter.i.db': 'd' })),
      (error: unknown) => invalid('metrics.reporter.i.host')(error) && /'in flux' is not a host name or address/.test((error as Error).message))
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.g.factory.class': 'graphite', 'metrics.reporter.g.host': 'carbon:2003', 'metrics.reporter.g.port': '2003' })),
      invalid('metrics.reporter.g.host'))
    assert.throws(() => checkReporterConfiguration(configuration({ 'metrics.reporter.gw.factory.class': 'prometheus-push-gateway', 'metrics.reporter.gw.hostUrl': 'http://a b:9091' })),
      invalid('metrics.reporter.gw.hostUrl'))
    // a Prometheus endpoint that cannot bind its port is the reporter's failure at start, logged while the job runs
    checkReporterConfiguration(configuration({ 'metrics.reporter.prom.factory.class': PROM, 'metrics.reporter.prom.port': '1' }))
  })
})
