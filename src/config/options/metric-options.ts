import {
  ConfigOption, booleanOption, durationOption, enumOption, listOption, mapOption, noDefault, nonEmpty, stringOption,
} from '../config-option.js'
import { ConfigOptionFamily } from '../config-option-family.js'

/** `metrics.reporters`: which of the configured reporters run. */
export const METRICS_REPORTERS = listOption('metrics.reporters', noDefault,
  'Names of the reporters to start (`metrics.reporter.<name>.*`); when unset, every configured reporter starts.')

/** `metrics.scope.delimiter`: joins the components of a metric identifier. */
export const METRICS_SCOPE_DELIMITER = stringOption('metrics.scope.delimiter', '.',
  'Delimiter that joins the scope components of a metric identifier (Graphite, log reporter).')
  .withCheck(nonEmpty('a delimiter, e.g. .'))

/** `metrics.scope.jm`: scope format of JobManager (coordinator) metrics. */
export const METRICS_SCOPE_JM = stringOption('metrics.scope.jm', '<host>.jobmanager',
  'Scope format of metrics of the JobManager (the coordinator thread).')

/** `metrics.scope.jm-job`: scope format of job metrics on the JobManager. */
export const METRICS_SCOPE_JM_JOB = stringOption('metrics.scope.jm-job', '<host>.jobmanager.<job_name>',
  'Scope format of job metrics on the JobManager (restarts, uptime, checkpoints).')
  .withDeprecatedKeys('metrics.scope.jm.job')

/** `metrics.scope.jm-operator`: scope format of operator coordinator metrics (none in Sluice yet). */
export const METRICS_SCOPE_JM_OPERATOR = stringOption('metrics.scope.jm-operator',
  '<host>.jobmanager.<job_name>.<operator_name>',
  'Scope format of operator coordinator metrics on the JobManager; accepted for Flink compatibility, Sluice ' +
  'registers none yet.')

/** `metrics.scope.tm`: scope format of TaskManager (worker) metrics. */
export const METRICS_SCOPE_TM = stringOption('metrics.scope.tm', '<host>.taskmanager.<tm_id>',
  'Scope format of metrics of a TaskManager (a worker thread).')

/** `metrics.scope.tm-job`: scope format of job metrics on a TaskManager. */
export const METRICS_SCOPE_TM_JOB = stringOption('metrics.scope.tm-job', '<host>.taskmanager.<tm_id>.<job_name>',
  'Scope format of job metrics on a TaskManager.')
  .withDeprecatedKeys('metrics.scope.tm.job')

/** `metrics.scope.task`: scope format of task (subtask) metrics. */
export const METRICS_SCOPE_TASK = stringOption('metrics.scope.task',
  '<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>',
  'Scope format of task metrics (one group per subtask).')

/** `metrics.scope.operator`: scope format of operator metrics. */
export const METRICS_SCOPE_OPERATOR = stringOption('metrics.scope.operator',
  '<host>.taskmanager.<tm_id>.<job_name>.<operator_name>.<subtask_index>',
  'Scope format of operator metrics (one group per operator and subtask).')

/** Sluice's name for each kind of reporter; factory class names map to these in metrics/reporters. */
export const METRIC_REPORTER_KINDS = ['prometheus', 'prometheus-push-gateway', 'influxdb', 'graphite', 'slf4j'] as const
/** A kind of reporter. */
export type MetricReporterKind = typeof METRIC_REPORTER_KINDS[number]

const ALL_KINDS = METRIC_REPORTER_KINDS
const REPORTER_FACTORY_EXPECTED = 'a factory class name, e.g. org.apache.flink.metrics.prometheus.PrometheusReporterFactory'

/** One parameter of `metrics.reporter.<name>.<parameter>`: its option (keyed per reporter) and who accepts it. */
export interface MetricReporterParameter {
  readonly parameter: string
  /** Builds the option for one full key; every reporter name gets its own option object. */
  readonly optionFor: (key: string) => ConfigOption<unknown>
  /** The reporter kinds that read this parameter; any other kind rejects it. */
  readonly kinds: readonly MetricReporterKind[]
}

function parameter(parameter: string, kinds: readonly MetricReporterKind[],
  optionFor: (key: string) => ConfigOption<unknown>): MetricReporterParameter {
  return { parameter, kinds, optionFor }
}

// a port, a range or a comma-separated list of both (Flink's PortRange): 9249, 9250-9260, 9250,9300-9310
const PORT_RANGE = /^\d{1,5}(-\d{1,5})?(,\d{1,5}(-\d{1,5})?)*$/
const MAX_PORT = 65_535

/** Whether every port of a PORT_RANGE value exists and every range runs from low to high. */
function isValidPortRange(value: string): boolean {
  return PORT_RANGE.test(value) && value.split(',').every((part) => {
    const [from, to = from] = part.split('-').map(Number)
    return from! <= to! && to! <= MAX_PORT
  })
}

/**
 * Every parameter of `metrics.reporter.<name>.*` that Sluice reads, with Flink's names and defaults. A key whose
 * parameter is missing here is an unknown key; one of another reporter kind is rejected when reporters start.
 */
export const METRIC_REPORTER_PARAMETERS: readonly MetricReporterParameter[] = Object.freeze([
  parameter('factory.class', ALL_KINDS, (key) => stringOption(key, noDefault,
    'Factory of the reporter: Flink\'s factory class name (e.g. org.apache.flink.metrics.prometheus.' +
    'PrometheusReporterFactory) or Sluice\'s kind (prometheus, prometheus-push-gateway, influxdb, graphite, slf4j).')
    .withCheck(nonEmpty(REPORTER_FACTORY_EXPECTED))),
  parameter('class', ALL_KINDS, (key) => stringOption(key, noDefault,
    'Flink 1.x reporter class name (e.g. org.apache.flink.metrics.prometheus.PrometheusReporter); ' +
    'factory.class wins when both are set.').withCheck(nonEmpty(REPORTER_FACTORY_EXPECTED))),
  parameter('interval', ALL_KINDS, (key) => durationOption(key, 10_000,
    'Interval between two reports of a push reporter.', { minMs: 1 })),
  parameter('scope.delimiter', ALL_KINDS, (key) => stringOption(key, noDefault,
    'Delimiter of metric identifiers for this reporter; defaults to metrics.scope.delimiter.')
    .withCheck(nonEmpty('a delimiter, e.g. . (leave the key unset for metrics.scope.delimiter)'))),
  parameter('scope.variables.excludes', ALL_KINDS, (key) => listOption(key, [],
    'Variables (e.g. <tm_id>;<task_attempt_id>) left out of the tags or labels of this reporter.')),
  parameter('scope.variables.additional', ALL_KINDS, (key) => mapOption(key, new Map(),
    'Extra variables (k1:v1,k2:v2) added as tags or labels to every metric of this reporter.')),
  parameter('filter.includes', ALL_KINDS, (key) => listOption(key, ['*:*:*'],
    'Metrics to report, as <scope>[:<name>[,<name>][:<type>[,<type>]]] filters; a metric is reported when it ' +
    'matches any of them.')),
  parameter('filter.excludes', ALL_KINDS, (key) => listOption(key, [],
    'Metrics not to report, in the filter.includes syntax; wins over filter.includes.')),
  parameter('port', ['prometheus', 'prometheus-push-gateway', 'influxdb', 'graphite'], (key) => stringOption(key,
    noDefault, 'Port: for prometheus the port (or range, e.g. 9250-9260) to listen on (default 9249); for the ' +
    'others the port of the server.').withCheck((value) => isValidPortRange(value)
    ? undefined : "a port from 0 to 65535, a range such as '9250-9260', or a comma-separated list of them")),
  parameter('host', ['prometheus', 'prometheus-push-gateway', 'influxdb', 'graphite'], (key) => stringOption(key,
    noDefault, 'Host: for prometheus the address to bind (Sluice addition, default 127.0.0.1); for the others ' +
    'the server to send to.').withCheck(nonEmpty('a host name or address, e.g. 127.0.0.1'))),
  parameter('filterLabelValueCharacters', ['prometheus', 'prometheus-push-gateway'], (key) => booleanOption(key,
    true, 'Replace characters outside [a-zA-Z0-9:_] in label values by _.')),
  parameter('hostUrl', ['prometheus-push-gateway'], (key) => stringOption(key, noDefault,
    'URL of the Pushgateway (scheme, host and port), e.g. http://127.0.0.1:9091.')),
  parameter('jobName', ['prometheus-push-gateway'], (key) => stringOption(key, '',
    'Job name under which metrics are pushed.')),
  parameter('randomJobNameSuffix', ['prometheus-push-gateway'], (key) => booleanOption(key, true,
    'Append a random suffix to jobName, so that several jobs do not overwrite each other\'s metrics.')),
  parameter('deleteOnShutdown', ['prometheus-push-gateway'], (key) => booleanOption(key, true,
    'Delete the pushed metrics from the Pushgateway when the job ends.')),
  parameter('groupingKey', ['prometheus-push-gateway'], (key) => stringOption(key, '',
    'Grouping key as k1=v1;k2=v2, added to the push URL and as labels.')),
  parameter('scheme', ['influxdb'], (key) => enumOption(key, ['http', 'https'], 'http',
    'Scheme of the InfluxDB HTTP API.')),
  parameter('db', ['influxdb'], (key) => stringOption(key, noDefault, 'InfluxDB database to write to.')),
  parameter('username', ['influxdb'], (key) => stringOption(key, noDefault, 'InfluxDB user.')),
  parameter('password', ['influxdb'], (key) => stringOption(key, noDefault, 'Password of the InfluxDB user.')),
  parameter('retentionPolicy', ['influxdb'], (key) => stringOption(key, noDefault,
    'InfluxDB retention policy; the database default when unset.')),
  parameter('consistency', ['influxdb'], (key) => enumOption(key, ['ALL', 'ANY', 'ONE', 'QUORUM'], 'ONE',
    'Write consistency level (InfluxDB Enterprise clusters).')),
  parameter('connectTimeout', ['influxdb'], (key) => durationOption(key, 10_000,
    'Timeout for connecting to InfluxDB.', { minMs: 1 })),
  parameter('writeTimeout', ['influxdb'], (key) => durationOption(key, 10_000,
    'Timeout for one write to InfluxDB.', { minMs: 1 })),
  parameter('protocol', ['graphite'], (key) => enumOption(key, ['TCP', 'UDP'], 'TCP',
    'Transport to the Graphite server.')),
])

const REPORTER_PREFIX = 'metrics.reporter.'
const PARAMETERS_BY_NAME = new Map(METRIC_REPORTER_PARAMETERS.map((p) => [p.parameter, p]))

/** Splits `metrics.reporter.<name>.<parameter>` into its reporter name and parameter; undefined if not of that form. */
export function splitMetricReporterKey(key: string): { readonly name: string; readonly parameter: string } | undefined {
  if (!key.startsWith(REPORTER_PREFIX)) return undefined
  const suffix = key.slice(REPORTER_PREFIX.length)
  const dot = suffix.indexOf('.')
  if (dot <= 0 || dot === suffix.length - 1) return undefined
  return { name: suffix.slice(0, dot), parameter: suffix.slice(dot + 1) }
}

/** The option of one `metrics.reporter.<name>.<parameter>` key; undefined for an unknown parameter. */
export function metricReporterOption(key: string): ConfigOption<unknown> | undefined {
  const split = splitMetricReporterKey(key)
  if (split === undefined) return undefined
  return PARAMETERS_BY_NAME.get(split.parameter)?.optionFor(key)
}

/** `metrics.reporter.<name>.<parameter>`: the open family of reporter keys. */
export const METRIC_REPORTER_FAMILY = new ConfigOptionFamily({
  prefix: REPORTER_PREFIX,
  pattern: 'metrics.reporter.<name>.<parameter>',
  description: 'Configures the metric reporter <name> with Flink\'s parameters (factory.class, interval, ' +
    'scope.*, filter.*, and per reporter port, host, hostUrl, jobName, db, protocol, ...); see docs/reporters.md.',
  resolve: (key) => metricReporterOption(key),
  candidateKeys: (key) => {
    const name = splitMetricReporterKey(key)?.name
    return name === undefined ? [] : METRIC_REPORTER_PARAMETERS.map((p) => `${REPORTER_PREFIX}${name}.${p.parameter}`)
  },
})
