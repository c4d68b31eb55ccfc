import type { Metric } from '../metric.js'
import { isMetricAvailable } from '../metric.js'
import type { MetricFilter } from '../metric-filter.js'
import type { MetricRegistry } from '../metric-registry.js'

/** The settings every reporter has (Flink's ReporterScopedSettings plus the filter). */
export interface ReporterSettings {
  /** The `<name>` in `metrics.reporter.<name>.*`. */
  readonly name: string
  /** Joins identifier components (`.scope.delimiter`, else metrics.scope.delimiter). */
  readonly delimiter: string
  /** Variables with brackets ('<tm_id>') left out of tags and labels. */
  readonly excludedVariables: ReadonlySet<string>
  /** Variables with brackets added to every metric's tags and labels. */
  readonly additionalVariables: ReadonlyMap<string, string>
  readonly filter: MetricFilter
  /** `.interval`, ms: how often a push reporter reports. */
  readonly intervalMs: number
}

/** A metric as one reporter sees it: filtered, with that reporter's variables. */
export interface ReportedMetric {
  readonly name: string
  readonly metric: Metric
  readonly logicalScope: readonly string[]
  readonly scopeComponents: readonly string[]
  /** Variables with their brackets, after the reporter's excludes and additions. */
  readonly variables: ReadonlyMap<string, string>
}

/** Writes one line of the reporters' own log (stderr in `sluice run`). */
export type ReporterLog = (line: string) => void

/**
 * A reporter: opened once when the job starts, closed when it ends; a push reporter also reports every interval.
 * `target` names where it sends or listens, for log lines.
 */
export interface MetricReporter {
  readonly target: string
  open(): Promise<void>
  /** Present on push reporters; rejects when the send fails (the runner logs it and retries next interval). */
  report?(): Promise<void>
  close(): Promise<void>
}

/** The metrics `settings` lets through, each with the reporter's variables; metrics without a value yet are left out. */
export function reportedMetrics(registry: MetricRegistry, settings: ReporterSettings): readonly ReportedMetric[] {
  const reported: ReportedMetric[] = []
  for (const { name, metric, group } of registry.metrics()) {
    if (!settings.filter.accepts(group.logicalScope.join('.'), name, metric.type) || !isMetricAvailable(metric)) continue
    const variables = new Map<string, string>()
    for (const [key, value] of group.variables) if (!settings.excludedVariables.has(key)) variables.set(key, value)
    for (const [key, value] of settings.additionalVariables) variables.set(key, value)
    reported.push({ name, metric, logicalScope: group.logicalScope, scopeComponents: group.scopeComponents, variables })
  }
  return reported
}

/** A metric's identifier for identifier-based reporters: filtered scope components and name joined by the delimiter. */
export function metricIdentifier(metric: ReportedMetric, delimiter: string, filter: (component: string) => string = (c) => c): string {
  return [...metric.scopeComponents, metric.name].map(filter).join(delimiter)
}

/** A variable key without its angle brackets ('<host>' → 'host'). */
export function variableName(key: string): string {
  return key.startsWith('<') && key.endsWith('>') ? key.slice(1, -1) : key
}
