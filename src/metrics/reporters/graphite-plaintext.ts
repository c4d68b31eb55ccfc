import { REPORTED_QUANTILES } from '../histogram-statistics.js'
import { type ReportedMetric, metricIdentifier } from './metric-reporter.js'

/**
 * Flink's filter for Dropwizard-based reporters (ScheduledDropwizardReporter.filterCharacters): a '.' inside a
 * scope component becomes '-' (so it cannot split the Graphite path), a '"' is removed.
 */
export function graphiteFilterCharacters(component: string): string {
  return component.replace(/\./g, '-').replace(/"/g, '')
}

/** Dropwizard's GraphiteSanitize: whitespace becomes '-'. */
export function graphiteSanitize(text: string): string {
  return text.replace(/\s+/g, '-')
}

// Dropwizard writes doubles with two decimals ("%2.2f") and longs plainly
function decimal(value: number): string | undefined {
  return Number.isFinite(value) ? value.toFixed(2) : undefined
}

function integer(value: number): string | undefined {
  return Number.isFinite(value) ? String(Math.trunc(value)) : undefined
}

/**
 * The plaintext lines `<path> <value> <epoch seconds>` of one report, as Flink's GraphiteReporter (Dropwizard)
 * writes them: gauge `path`; counter `path.count`; meter `.count`, `.m1_rate` (Flink's rate), `.m5_rate`,
 * `.m15_rate`, `.mean_rate` (0, Flink's wrapper has no others); histogram `.count`, `.max`, `.mean`, `.min`,
 * `.stddev`, `.p50` … `.p999`.
 */
export function graphiteLines(metrics: readonly ReportedMetric[], delimiter: string, timestampMs: number): readonly string[] {
  const seconds = Math.floor(timestampMs / 1000)
  const lines: string[] = []
  const add = (path: string, value: string | undefined): void => {
    if (value !== undefined) lines.push(`${graphiteSanitize(path)} ${value} ${seconds}`)
  }
  for (const reported of metrics) {
    const path = metricIdentifier(reported, delimiter, graphiteFilterCharacters)
    const metric = reported.metric
    switch (metric.type) {
      case 'gauge': {
        const value = metric.getValue()
        if (typeof value === 'number') add(path, Number.isInteger(value) ? integer(value) : decimal(value))
        else if (typeof value === 'boolean') add(path, value ? '1' : '0')
        break
      }
      case 'counter':
        add(`${path}.count`, integer(metric.getCount()))
        break
      case 'meter':
        add(`${path}.count`, integer(metric.getCount()))
        add(`${path}.m1_rate`, decimal(metric.getRate()))
        add(`${path}.m5_rate`, decimal(0))
        add(`${path}.m15_rate`, decimal(0))
        add(`${path}.mean_rate`, decimal(0))
        break
      case 'histogram': {
        const s = metric.getStatistics()
        add(`${path}.count`, integer(metric.getCount()))
        add(`${path}.max`, decimal(s.max))
        add(`${path}.mean`, decimal(s.mean))
        add(`${path}.min`, decimal(s.min))
        add(`${path}.stddev`, decimal(s.stddev))
        for (const q of REPORTED_QUANTILES) add(`${path}.p${String(q * 100).replace('.', '')}`, decimal(s.quantile(q)))
        break
      }
    }
  }
  return lines
}
