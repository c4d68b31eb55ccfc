import type { Configuration } from '../../config/configuration.js'
import { InvalidMetricReporterConfigError } from '../../errors.js'
import type { Clock } from '../../util/clock.js'
import type { MetricRegistry } from '../metric-registry.js'
import { GraphiteReporter } from './graphite-reporter.js'
import { InfluxdbReporter } from './influxdb-reporter.js'
import type { MetricReporter, ReporterLog } from './metric-reporter.js'
import { DEFAULT_PROMETHEUS_HOST, DEFAULT_PROMETHEUS_PORT, PrometheusReporter } from './prometheus-reporter.js'
import { PrometheusPushGatewayReporter, parseGroupingKey, pushGatewayJobName } from './prometheus-push-gateway-reporter.js'
import { ReporterParameters } from './reporter-parameters.js'
import { type ReporterSetup, reporterSetupsFrom } from './reporter-setup.js'
import { Slf4jReporter } from './slf4j-reporter.js'

/** Flink's default InfluxDB port. */
const DEFAULT_INFLUXDB_PORT = 8086
/** Upper bound of one push (Pushgateway, Graphite): a slow server delays nothing but its own reporter. */
const MAX_SEND_TIMEOUT_MS = 10_000

/** What every reporter may use. */
export interface ReporterContext {
  readonly registry: MetricRegistry
  readonly clock: Clock
  readonly log: ReporterLog
}

/** Builds the reporter a setup describes; a missing or invalid parameter is a user error naming its key. */
export function createReporter(setup: ReporterSetup, context: ReporterContext): MetricReporter {
  return reporterBuilderOf(setup)(context)
}

/**
 * Checks every reporter configured under `metrics.reporter.<name>.*` as `sluice run` would start it (factory, the
 * parameters of its kind, what it cannot work without), without opening, binding or sending anything: call it before
 * a job is submitted, so that a mistake there is bad input rather than a failure after the job started.
 */
export function checkReporterConfiguration(configuration: Configuration): void {
  for (const setup of reporterSetupsFrom(configuration)) reporterBuilderOf(setup)
}

/** How to build a reporter once its parameters checked out. */
type ReporterBuilder = (context: ReporterContext) => MetricReporter

/** Checks a setup's parameters and returns how to build its reporter; a missing or invalid one is a user error naming its key. */
function reporterBuilderOf(setup: ReporterSetup): ReporterBuilder {
  const parameters = new ReporterParameters(setup)
  const settings = setup.settings
  switch (setup.kind) {
    case 'prometheus':
      return prometheusBuilder(parameters)
    case 'prometheus-push-gateway':
      return pushGatewayBuilder(parameters)
    case 'influxdb':
      return influxdbBuilder(parameters)
    case 'graphite':
      return graphiteBuilder(parameters)
    case 'slf4j':
      return ({ registry, log }) => new Slf4jReporter(registry, settings, log)
  }
}

/** Upper bound of one push (Pushgateway, Graphite): the interval, within 1 s and MAX_SEND_TIMEOUT_MS. */
function sendTimeoutMsOf(parameters: ReporterParameters): number {
  return Math.min(MAX_SEND_TIMEOUT_MS, Math.max(1000, parameters.setup.settings.intervalMs))
}

function prometheusBuilder(parameters: ReporterParameters): ReporterBuilder {
  const options = {
    settings: parameters.setup.settings,
    host: parameters.optional<string>('host') ?? DEFAULT_PROMETHEUS_HOST,
    port: parameters.optional<string>('port') ?? DEFAULT_PROMETHEUS_PORT,
    filterLabelValueCharacters: parameters.optional<boolean>('filterLabelValueCharacters') ?? true,
  }
  return ({ registry }) => new PrometheusReporter({ ...options, registry })
}

function pushGatewayBuilder(parameters: ReporterParameters): ReporterBuilder {
  let hostUrl = parameters.optional<string>('hostUrl')
  if (hostUrl === undefined || hostUrl === '') {
    // Flink 1.x: host and port, deprecated in favour of hostUrl
    const host = parameters.optional<string>('host')
    if (host === undefined) {
      throw new InvalidMetricReporterConfigError(parameters.key('hostUrl'), 'the Pushgateway reporter needs the URL of the Pushgateway, e.g. http://127.0.0.1:9091')
    }
    hostUrl = `http://${host}:${parameters.singlePort(undefined)}`
  }
  if (!/^https?:\/\/[^/]+/.test(hostUrl) || !URL.canParse(hostUrl)) {
    throw new InvalidMetricReporterConfigError(parameters.key('hostUrl'), `'${hostUrl}' is not an http(s) URL with a host, e.g. http://127.0.0.1:9091`)
  }
  const jobName = pushGatewayJobName(parameters.optional<string>('jobName') ?? '', parameters.optional<boolean>('randomJobNameSuffix') ?? true)
  if (jobName === '') throw new InvalidMetricReporterConfigError(parameters.key('jobName'), 'the job name is empty; set jobName or randomJobNameSuffix=true')
  const options = {
    settings: parameters.setup.settings, hostUrl, jobName,
    groupingKey: parseGroupingKey(parameters.optional<string>('groupingKey') ?? '', parameters.key('groupingKey')),
    deleteOnShutdown: parameters.optional<boolean>('deleteOnShutdown') ?? true,
    filterLabelValueCharacters: parameters.optional<boolean>('filterLabelValueCharacters') ?? true,
    timeoutMs: sendTimeoutMsOf(parameters),
  }
  return ({ registry }) => new PrometheusPushGatewayReporter({ ...options, registry })
}

function influxdbBuilder(parameters: ReporterParameters): ReporterBuilder {
  const options = {
    settings: parameters.setup.settings,
    scheme: parameters.optional<'http' | 'https'>('scheme') ?? 'http',
    host: parameters.requiredHost('the InfluxDB reporter needs the host of the InfluxDB server'),
    port: parameters.singlePort(DEFAULT_INFLUXDB_PORT),
    db: parameters.required<string>('db', 'the InfluxDB reporter needs the database to write to'),
    username: parameters.optional<string>('username'),
    password: parameters.optional<string>('password'),
    retentionPolicy: parameters.optional<string>('retentionPolicy'),
    consistency: parameters.optional<'ALL' | 'ANY' | 'ONE' | 'QUORUM'>('consistency') ?? 'ONE',
    connectTimeoutMs: parameters.optional<number>('connectTimeout') ?? 10_000,
    writeTimeoutMs: parameters.optional<number>('writeTimeout') ?? 10_000,
  }
  return ({ registry, clock }) => new InfluxdbReporter({ ...options, registry, clock })
}

function graphiteBuilder(parameters: ReporterParameters): ReporterBuilder {
  const options = {
    settings: parameters.setup.settings,
    host: parameters.requiredHost('the Graphite reporter needs the host of the Graphite (carbon) server'),
    port: parameters.singlePort(undefined),
    protocol: parameters.optional<'TCP' | 'UDP'>('protocol') ?? 'TCP',
    timeoutMs: sendTimeoutMsOf(parameters),
  }
  return ({ registry, clock }) => new GraphiteReporter({ ...options, registry, clock })
}
