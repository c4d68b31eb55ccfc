import { METRIC_REPORTER_KINDS, type MetricReporterKind } from '../../config/options/metric-options.js'

/** Flink's factory class (current) and reporter class (1.x `.class`) names of each reporter kind. */
export const REPORTER_CLASS_NAMES: Readonly<Record<MetricReporterKind, { readonly factoryClass: string; readonly reporterClass: string }>> = Object.freeze({
  'prometheus': {
    factoryClass: 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
    reporterClass: 'org.apache.flink.metrics.prometheus.PrometheusReporter',
  },
  'prometheus-push-gateway': {
    factoryClass: 'org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory',
    reporterClass: 'org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporter',
  },
  'influxdb': {
    factoryClass: 'org.apache.flink.metrics.influxdb.InfluxdbReporterFactory',
    reporterClass: 'org.apache.flink.metrics.influxdb.InfluxdbReporter',
  },
  'graphite': {
    factoryClass: 'org.apache.flink.metrics.graphite.GraphiteReporterFactory',
    reporterClass: 'org.apache.flink.metrics.graphite.GraphiteReporter',
  },
  'slf4j': {
    factoryClass: 'org.apache.flink.metrics.slf4j.Slf4jReporterFactory',
    reporterClass: 'org.apache.flink.metrics.slf4j.Slf4jReporter',
  },
})

/** The reporter kind a factory.class / class value names: Flink's class names or Sluice's kind, case-sensitive. */
export function reporterKindOf(value: string): MetricReporterKind | undefined {
  const trimmed = value.trim()
  for (const kind of METRIC_REPORTER_KINDS) {
    const names = REPORTER_CLASS_NAMES[kind]
    if (trimmed === kind || trimmed === names.factoryClass || trimmed === names.reporterClass) return kind
  }
  return undefined
}

/** Every accepted name, for error messages. */
export function knownReporterNames(): readonly string[] {
  return METRIC_REPORTER_KINDS.flatMap((kind) => [kind, REPORTER_CLASS_NAMES[kind].factoryClass])
}
