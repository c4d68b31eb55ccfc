import { REPORTED_QUANTILES } from '../histogram-statistics.js'
import type { Metric } from '../metric.js'
import { type ReportedMetric, variableName } from './metric-reporter.js'

/** A field value: integers get the `i` suffix, floats are written plainly, strings quoted. */
export type FieldValue =
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }

const INVALID_MEASUREMENT_CHARACTERS = /[^a-zA-Z0-9:_]/g

/** Flink's InfluxDB measurement: logical scope and name joined by '_', characters outside [a-zA-Z0-9:_] replaced. */
export function influxMeasurement(logicalScope: readonly string[], name: string): string {
  return [...logicalScope, name].map((part) => part.replace(INVALID_MEASUREMENT_CHARACTERS, '_')).join('_')
}

/** Escapes a measurement (commas and spaces). */
export function escapeMeasurement(text: string): string {
  return text.replace(/[\\, ]/g, (c) => `\\${c}`)
}

/** Escapes a tag key, tag value or field key (commas, equals signs and spaces). */
export function escapeTag(text: string): string {
  return text.replace(/[\\,= ]/g, (c) => `\\${c}`)
}

/** Writes a field value; undefined for NaN and infinities, which line protocol cannot carry. */
export function formatFieldValue(field: FieldValue): string | undefined {
  switch (field.kind) {
    case 'integer':
      return Number.isFinite(field.value) ? `${Math.trunc(field.value)}i` : undefined
    case 'float':
      return Number.isFinite(field.value) ? String(field.value) : undefined
    case 'string':
      return `"${field.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
    case 'boolean':
      return field.value ? 'true' : 'false'
  }
}

/** One point; undefined when no field is writable. Tags with empty values are left out (line protocol forbids them). */
export function influxPoint(measurement: string, tags: readonly (readonly [string, string])[],
  fields: readonly (readonly [string, FieldValue])[], timestampMs: number): string | undefined {
  const fieldText = fields.flatMap(([key, value]) => {
    const formatted = formatFieldValue(value)
    return formatted === undefined ? [] : [`${escapeTag(key)}=${formatted}`]
  })
  if (fieldText.length === 0) return undefined
  const tagText = [...tags].filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `,${escapeTag(k)}=${escapeTag(v)}`).join('')
  return `${escapeMeasurement(measurement)}${tagText} ${fieldText.join(',')} ${Math.trunc(timestampMs)}`
}

/** Flink's MetricMapper: counter → count, gauge → value, meter → count and rate, histogram → count, min, …, p999. */
export function influxFields(metric: Metric): readonly (readonly [string, FieldValue])[] {
  switch (metric.type) {
    case 'counter':
      return [['count', { kind: 'integer', value: metric.getCount() }]]
    case 'gauge': {
      const value = metric.getValue()
      if (typeof value === 'number') return [['value', { kind: 'float', value }]]
      if (typeof value === 'boolean') return [['value', { kind: 'boolean', value }]]
      return value === undefined || value === null ? [] : [['value', { kind: 'string', value: String(value) }]]
    }
    case 'meter':
      return [['count', { kind: 'integer', value: metric.getCount() }], ['rate', { kind: 'float', value: metric.getRate() }]]
    case 'histogram': {
      const s = metric.getStatistics()
      const quantileField = (q: number): string => `p${String(q * 100).replace('.', '')}`
      return [
        ['count', { kind: 'integer', value: metric.getCount() }],
        ['min', { kind: 'float', value: s.min }], ['max', { kind: 'float', value: s.max }],
        ['mean', { kind: 'float', value: s.mean }], ['stddev', { kind: 'float', value: s.stddev }],
        ...REPORTED_QUANTILES.map((q) => [quantileField(q), { kind: 'float', value: s.quantile(q) }] as const),
      ]
    }
  }
}

/** All points of one report, one line each; every variable becomes a tag (brackets removed). */
export function influxLines(metrics: readonly ReportedMetric[], timestampMs: number): readonly string[] {
  return metrics.flatMap((m) => {
    const tags = [...m.variables].map(([k, v]) => [variableName(k), v] as const)
    const line = influxPoint(influxMeasurement(m.logicalScope, m.name), tags, influxFields(m.metric), timestampMs)
    return line === undefined ? [] : [line]
  })
}
