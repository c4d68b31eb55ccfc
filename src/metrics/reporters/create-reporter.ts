import type { Configuration } from '../../config/configuration.js'
import { InvalidMetricReporterConfigError } from '../../errors.js'
import type { Clock } from '../../util/clock.js'
import { parseHostAndPort } from '../../util/host-and-port.js'
import type { MetricRegistry } from '../metric-registry.js'
import { GraphiteReporter } from './graphite-reporter.js'
import { InfluxdbReporter } from './influxdb-reporter.js'
import type { MetricReporter, ReporterLog } from './metric-reporter.js'
import { portsOf } from './port-range.js'
import { DEFAULT_PROMETHEUS_HOST, DEFAULT_PROMETHEUS_PORT, PrometheusReporter } from './prometheus-reporter.js'
import { PrometheusPushGatewayReporter, parseGroupingKey, pushGatewayJobName } from './prometheus-push-gateway-reporter.js'
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

/** Checks a setup's parameters and returns how to build its reporter; a missing or invalid one is a user error naming its key. */
function reporterBuilderOf(setup: ReporterSetup): (context: ReporterContext) => MetricReporter {
  const { settings } = setup
  const key = (parameter: string): string => `metrics.reporter.${settings.name}.${parameter}`
  const required = <T>(parameter: string, why: string): T => {
    const value = setup.value<T>(parameter)
    if (value === undefined || value === '') throw new InvalidMetricReporterConfigError(key(parameter), why)
    return value
  }
  const requiredHost = (why: string): string => {
    const host = required<string>('host', why)
    // a space or a stray scheme would otherwise fail only at the first send, logged while the job runs
    const parsed = parseHostAndPort(host)
    if (parsed === undefined || parsed.port !== undefined) {
      throw new InvalidMetricReporterConfigError(key('host'), `'${host}' is not a host name or address (without port), e.g. 127.0.0.1`)
    }
    return host
  }
  const singlePort = (fallback: number | undefined): number => {
    const text = setup.value<string>('port')
    if (text === undefined) {
      if (fallback !== undefined) return fallback
      throw new InvalidMetricReporterConfigError(key('port'), `the ${setup.kind} reporter needs the port of its server`)
    }
    const ports = portsOf(text)
    if (ports.length !== 1 || ports[0]! < 1 || ports[0]! > 65_535) {
      throw new InvalidMetricReporterConfigError(key('port'), `'${text}' is not a single port from 1 to 65535`)
    }
    return ports[0]!
  }
  const sendTimeoutMs = Math.min(MAX_SEND_TIMEOUT_MS, Math.max(1000, settings.intervalMs))
  switch (setup.kind) {
    case 'prometheus': {
      const options = {
        settings,
        host: setup.value<string>('host') ?? DEFAULT_PROMETHEUS_HOST,
        port: setup.value<string>('port') ?? DEFAULT_PROMETHEUS_PORT,
        filterLabelValueCharacters: setup.value<boolean>('filterLabelValueCharacters') ?? true,
      }
      return ({ registry }) => new PrometheusReporter({ ...options, registry })
    }
    case 'prometheus-push-gateway': {
      let hostUrl = setup.value<string>('hostUrl')
      if (hostUrl === undefined || hostUrl === '') {
        // Flink 1.x: host and port, deprecated in favour of hostUrl
        const host = setup.value<string>('host')
        if (host === undefined) {
          throw new InvalidMetricReporterConfigError(key('hostUrl'), 'the Pushgateway reporter needs the URL of the Pushgateway, e.g. http://127.0.0.1:9091')
        }
        hostUrl = `http://${host}:${singlePort(undefined)}`
      }
      if (!/^https?:\/\/[^/]+/.test(hostUrl) || !URL.canParse(hostUrl)) {
        throw new InvalidMetricReporterConfigError(key('hostUrl'), `'${hostUrl}' is not an http(s) URL with a host, e.g. http://127.0.0.1:9091`)
      }
      const jobName = pushGatewayJobName(setup.value<string>('jobName') ?? '', setup.value<boolean>('randomJobNameSuffix') ?? true)
      if (jobName === '') throw new InvalidMetricReporterConfigError(key('jobName'), 'the job name is empty; set jobName or randomJobNameSuffix=true')
      const options = {
        settings, hostUrl, jobName,
        groupingKey: parseGroupingKey(setup.value<string>('groupingKey') ?? '', key('groupingKey')),
        deleteOnShutdown: setup.value<boolean>('deleteOnShutdown') ?? true,
        filterLabelValueCharacters: setup.value<boolean>('filterLabelValueCharacters') ?? true,
        timeoutMs: sendTimeoutMs,
      }
      return ({ registry }) => new PrometheusPushGatewayReporter({ ...options, registry })
    }
    case 'influxdb': {
      const options = {
        settings,
        scheme: setup.value<'http' | 'https'>('scheme') ?? 'http',
        host: requiredHost('the InfluxDB reporter needs the host of the InfluxDB server'),
        port: singlePort(DEFAULT_INFLUXDB_PORT),
        db: required<string>('db', 'the InfluxDB reporter needs the database to write to'),
        username: setup.value<string>('username'),
        password: setup.value<string>('password'),
        retentionPolicy: setup.value<string>('retentionPolicy'),
        consistency: setup.value<'ALL' | 'ANY' | 'ONE' | 'QUORUM'>('consistency') ?? 'ONE',
        connectTimeoutMs: setup.value<number>('connectTimeout') ?? 10_000,
        writeTimeoutMs: setup.value<number>('writeTimeout') ?? 10_000,
      }
      return ({ registry, clock }) => new InfluxdbReporter({ ...options, registry, clock })
    }
    case 'graphite': {
      const options = {
        settings,
        host: requiredHost('the Graphite reporter needs the host of the Graphite (carbon) server'),
        port: singlePort(undefined),
        protocol: setup.value<'TCP' | 'UDP'>('protocol') ?? 'TCP',
        timeoutMs: sendTimeoutMs,
      }
      return ({ registry, clock }) => new GraphiteReporter({ ...options, registry, clock })
    }
    case 'slf4j':
      return ({ registry, log }) => new Slf4jReporter(registry, settings, log)
  }
}
