import type { Configuration } from '../../config/configuration.js'
import {
  METRIC_REPORTER_PARAMETERS, METRICS_REPORTERS, METRICS_SCOPE_DELIMITER, type MetricReporterKind,
  metricReporterOption, splitMetricReporterKey,
} from '../../config/options/metric-options.js'
import { InvalidMetricReporterConfigError, UnknownMetricReporterFactoryError } from '../../errors.js'
import { InvalidMetricFilter, MetricFilter } from '../metric-filter.js'
import type { ReporterSettings } from './metric-reporter.js'
import { knownReporterNames, reporterKindOf } from './reporter-factories.js'

const PREFIX = 'metrics.reporter.'

/** One configured reporter: its kind, common settings and typed access to its own parameters. */
export interface ReporterSetup {
  readonly kind: MetricReporterKind
  readonly settings: ReporterSettings
  /** The parameters set for this reporter (for "is it set" questions, e.g. hostUrl vs host/port). */
  readonly setParameters: ReadonlySet<string>
  /** The value of `metrics.reporter.<name>.<parameter>`, or its default; undefined when unset without default. */
  value<T>(parameter: string): T | undefined
}

/**
 * Reads every reporter configured under `metrics.reporter.<name>.*` (only those listed in metrics.reporters, when
 * set) and checks them: a factory must be named and known, and each parameter must be one its kind reads.
 * Throws a user error naming the key; the registry already rejected unknown parameters.
 */
export function reporterSetupsFrom(configuration: Configuration): readonly ReporterSetup[] {
  const parametersByName = new Map<string, Set<string>>()
  for (const key of configuration.keysUnder(PREFIX)) {
    const split = splitMetricReporterKey(key)
    if (split === undefined) continue
    const set = parametersByName.get(split.name) ?? new Set<string>()
    set.add(split.parameter)
    parametersByName.set(split.name, set)
  }
  const enabled = configuration.get(METRICS_REPORTERS)
  if (enabled !== undefined) {
    for (const name of enabled) {
      if (!parametersByName.has(name)) {
        throw new InvalidMetricReporterConfigError(METRICS_REPORTERS.key,
          `reporter '${name}' is listed but no ${PREFIX}${name}.* key configures it (set ${PREFIX}${name}.factory.class)`)
      }
    }
  }
  const names = [...parametersByName.keys()].filter((name) => enabled === undefined || enabled.includes(name))
  return names.map((name) => setupOf(configuration, name, parametersByName.get(name)!))
}

function setupOf(configuration: Configuration, name: string, setParameters: ReadonlySet<string>): ReporterSetup {
  const value = <T>(parameter: string): T | undefined => {
    const option = metricReporterOption(`${PREFIX}${name}.${parameter}`)
    return option === undefined ? undefined : configuration.get(option) as T | undefined
  }
  const factoryKey = setParameters.has('factory.class') ? 'factory.class' : setParameters.has('class') ? 'class' : undefined
  if (factoryKey === undefined) {
    throw new InvalidMetricReporterConfigError(`${PREFIX}${name}.factory.class`,
      `reporter '${name}' has no factory; set it, e.g. to org.apache.flink.metrics.prometheus.PrometheusReporterFactory`)
  }
  const factoryValue = value<string>(factoryKey) ?? ''
  const kind = reporterKindOf(factoryValue)
  if (kind === undefined) throw new UnknownMetricReporterFactoryError(`${PREFIX}${name}.${factoryKey}`, factoryValue, knownReporterNames())
  for (const parameter of setParameters) {
    const spec = METRIC_REPORTER_PARAMETERS.find((p) => p.parameter === parameter)
    if (spec !== undefined && !spec.kinds.includes(kind)) {
      const accepted = METRIC_REPORTER_PARAMETERS.filter((p) => p.kinds.includes(kind)).map((p) => p.parameter)
      throw new InvalidMetricReporterConfigError(`${PREFIX}${name}.${parameter}`,
        `the ${kind} reporter has no parameter '${parameter}'; it takes ${accepted.join(', ')}`)
    }
  }
  const filterKey = `${PREFIX}${name}.filter.includes`
  const filter = MetricFilter.parse(value<readonly string[]>('filter.includes') ?? [], value<readonly string[]>('filter.excludes') ?? [])
  if (filter instanceof InvalidMetricFilter) {
    const key = (value<readonly string[]>('filter.includes') ?? []).includes(filter.filter) ? filterKey : `${PREFIX}${name}.filter.excludes`
    throw new InvalidMetricReporterConfigError(key, `filter '${filter.filter}' is invalid: ${filter.reason}; ` +
      'write <scope>[:<name>[,<name>][:<type>[,<type>]]], e.g. *.task:numRecords*:meter')
  }
  const bracketed = (variable: string): string => (variable.startsWith('<') ? variable : `<${variable}>`)
  const settings: ReporterSettings = Object.freeze({
    name,
    delimiter: value<string>('scope.delimiter') ?? configuration.get(METRICS_SCOPE_DELIMITER),
    excludedVariables: new Set((value<readonly string[]>('scope.variables.excludes') ?? []).filter((v) => v !== '.').map(bracketed)),
    additionalVariables: new Map([...(value<ReadonlyMap<string, string>>('scope.variables.additional') ?? new Map<string, string>())]
      .map(([k, v]) => [bracketed(k), v])),
    filter,
    intervalMs: value<number>('interval') ?? 10_000,
  })
  return Object.freeze({ kind, settings, setParameters, value })
}
