import { REPORTED_QUANTILES } from '../histogram-statistics.js'
import { type ReportedMetric, variableName } from './metric-reporter.js'

const PREFIX = 'flink'
const SEPARATOR = '_'
const INVALID_CHARACTERS = /[^a-zA-Z0-9:_]/g

/** Replaces every character outside [a-zA-Z0-9:_] by '_' (Flink's AbstractPrometheusReporter.replaceInvalidChars). */
export function replaceInvalidChars(input: string): string {
  return input.replace(INVALID_CHARACTERS, '_')
}

/** Flink's Prometheus name: `flink_` + logical scope joined by '_' + '_' + metric name, each part filtered. */
export function prometheusMetricName(logicalScope: readonly string[], name: string): string {
  return [PREFIX, ...logicalScope.map(replaceInvalidChars), replaceInvalidChars(name)].join(SEPARATOR)
}

/** The labels of a metric: every variable without brackets; values filtered when filterLabelValueCharacters. */
export function prometheusLabels(variables: ReadonlyMap<string, string>, filterLabelValueCharacters: boolean): readonly (readonly [string, string])[] {
  return [...variables].map(([key, value]) => [replaceInvalidChars(variableName(key)),
    filterLabelValueCharacters ? replaceInvalidChars(value) : value] as const)
}

interface Family {
  readonly type: 'gauge' | 'summary'
  readonly help: string
  readonly samples: string[]
}

/**
 * Renders metrics in Prometheus' text exposition format (0.0.4) as Flink's reporter does: counters, gauges and
 * meters (their rate) as gauges, histograms as summaries with quantiles 0.5 … 0.999 and `_count` (no `_sum`).
 * Non-numeric gauges read as 0, booleans as 1/0. HELP is `<name> (scope: <logical_scope>)`.
 */
export function renderPrometheusText(metrics: readonly ReportedMetric[], options: { readonly filterLabelValueCharacters: boolean }): string {
  const families = new Map<string, Family>()
  for (const reported of metrics) {
    const name = prometheusMetricName(reported.logicalScope, reported.name)
    const labels = prometheusLabels(reported.variables, options.filterLabelValueCharacters)
    const metric = reported.metric
    const type = metric.type === 'histogram' ? 'summary' : 'gauge'
    let family = families.get(name)
    if (family === undefined) {
      family = { type, help: `${reported.name} (scope: ${reported.logicalScope.map(replaceInvalidChars).join(SEPARATOR)})`, samples: [] }
      families.set(name, family)
    }
    if (family.type !== type) continue
    switch (metric.type) {
      case 'counter':
        family.samples.push(sample(name, labels, metric.getCount()))
        break
      case 'meter':
        family.samples.push(sample(name, labels, metric.getRate()))
        break
      case 'gauge':
        family.samples.push(sample(name, labels, numericGaugeValue(metric.getValue())))
        break
      case 'histogram': {
        const statistics = metric.getStatistics()
        for (const q of REPORTED_QUANTILES) {
          family.samples.push(sample(name, [...labels, ['quantile', String(q)]], statistics.quantile(q)))
        }
        family.samples.push(sample(`${name}_count`, labels, metric.getCount()))
        break
      }
    }
  }
  const lines: string[] = []
  for (const [name, family] of families) {
    lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`, ...family.samples)
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** Flink's gaugeFrom: numbers as they are, booleans 1/0, anything else 0. */
export function numericGaugeValue(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  return 0
}

function sample(name: string, labels: readonly (readonly [string, string])[], value: number): string {
  const labelText = labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`
  return `${name}${labelText} ${formatValue(value)}`
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}
