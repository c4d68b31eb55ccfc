import type { MetricRegistry } from '../metric-registry.js'
import { type MetricReporter, type ReportedMetric, type ReporterLog, type ReporterSettings, metricIdentifier, reportedMetrics } from './metric-reporter.js'

/** Renders one report the way Flink's Slf4jReporter logs it: sections per metric type, one identifier per line. */
export function renderLogReport(metrics: readonly ReportedMetric[], delimiter: string): string {
  const section = (title: string): string => `${`-------------------------------- ${title} `.padEnd(79, '-')}`
  const byType = (type: ReportedMetric['metric']['type']): ReportedMetric[] => metrics.filter((m) => m.metric.type === type)
  const id = (m: ReportedMetric): string => metricIdentifier(m, delimiter)
  const lines = ['', '=========================== Starting metrics report ===========================', '']
  lines.push(section('Counters'))
  for (const m of byType('counter')) if (m.metric.type === 'counter') lines.push(`${id(m)}: ${m.metric.getCount()}`)
  lines.push(section('Gauges'))
  for (const m of byType('gauge')) if (m.metric.type === 'gauge') lines.push(`${id(m)}: ${String(m.metric.getValue())}`)
  lines.push(section('Meters'))
  for (const m of byType('meter')) if (m.metric.type === 'meter') lines.push(`${id(m)}: ${m.metric.getRate()}`)
  lines.push(section('Histograms'))
  for (const m of byType('histogram')) {
    if (m.metric.type !== 'histogram') continue
    const s = m.metric.getStatistics()
    lines.push(`${id(m)}: count=${m.metric.getCount()}, min=${s.min}, max=${s.max}, mean=${s.mean}, stddev=${s.stddev}, ` +
      `p50=${s.quantile(0.5)}, p75=${s.quantile(0.75)}, p95=${s.quantile(0.95)}, p98=${s.quantile(0.98)}, ` +
      `p99=${s.quantile(0.99)}, p999=${s.quantile(0.999)}`)
  }
  lines.push('', '=========================== Finished metrics report ===========================', '')
  return lines.join('\n')
}

/** Flink's Slf4jReporter: every interval writes a human-readable dump of all metrics to the log (stderr). */
export class Slf4jReporter implements MetricReporter {
  readonly target = 'the log (stderr)'
  readonly #registry: MetricRegistry
  readonly #settings: ReporterSettings
  readonly #log: ReporterLog

  constructor(registry: MetricRegistry, settings: ReporterSettings, log: ReporterLog) {
    this.#registry = registry
    this.#settings = settings
    this.#log = log
  }

  async open(): Promise<void> {}

  async report(): Promise<void> {
    this.#log(renderLogReport(reportedMetrics(this.#registry, this.#settings), this.#settings.delimiter))
  }

  async close(): Promise<void> {}
}
