// Contract: a community Grafana dashboard built for Flink's Prometheus reporter (grafana.com 11049, cited in the
// JSON file next to this test) finds in Sluice's Prometheus output every metric Sluice can meaningfully provide;
// docs/metrics.md names and explains every metric it queries that Sluice deliberately leaves out.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { Configuration } from '../../src/config/configuration.js'
import { configRegistry } from '../../src/config/options/all-options.js'
import { registerJobMetricGroups } from '../../src/metrics/job-metric-groups.js'
import { MetricFilter } from '../../src/metrics/metric-filter.js'
import { MetricRegistry } from '../../src/metrics/metric-registry.js'
import { ProcessMetrics } from '../../src/metrics/process-metrics.js'
import { reportedMetrics } from '../../src/metrics/reporters/metric-reporter.js'
import { renderPrometheusText } from '../../src/metrics/reporters/prometheus-text-format.js'
import { scopeFormatsFrom } from '../../src/metrics/scope-format.js'
import { ManualClock } from '../support/manual-clock.js'
import { TestingMonitoredJob, aSubtaskMetrics } from '../support/testing-monitored-job.js'

const dashboard = JSON.parse(readFileSync(new URL('./grafana-flink-dashboard-11049.metrics.json', import.meta.url), 'utf8')) as {
  provided: string[]; absent: string[]
}
const metricsDoc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8')

function sluicePrometheusFamilies(): Set<string> {
  const clock = new ManualClock(0)
  const job = new TestingMonitoredJob({ checkpoints: { numberOfCompletedCheckpoints: 1, lastCheckpointDuration: 10, lastCheckpointSize: 1 } })
  job.transition('RUNNING')
  job.subtaskMetrics = job.jobGraph.vertices.flatMap((v) => [0, 1].map((i) => aSubtaskMetrics({ vertexId: v.id, subtaskIndex: i })))
  job.heapUsedBytes.set(0, 1).set(1, 1)
  const registry = new MetricRegistry()
  registerJobMetricGroups({
    registry, job, clock, processMetrics: new ProcessMetrics(clock), host: 'h', slotsPerWorker: 1,
    scopeFormats: scopeFormatsFrom(Configuration.empty(configRegistry)),
  })
  const text = renderPrometheusText(reportedMetrics(registry, {
    name: 'prom', delimiter: '.', excludedVariables: new Set(), additionalVariables: new Map(), filter: MetricFilter.ALL, intervalMs: 10_000,
  }), { filterLabelValueCharacters: true })
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!))
}

describe('Grafana dashboard 11049 (Flink, Prometheus)', () => {
  const families = sluicePrometheusFamilies()

  it('finds every metric Sluice provides in its Prometheus output', () => {
    assert.ok(dashboard.provided.length >= 20, 'the list was read')
    assert.deepEqual(dashboard.provided.filter((name) => !families.has(name)), [])
  })

  it('lists as absent only metrics Sluice really does not export, each explained in docs/metrics.md', () => {
    assert.deepEqual(dashboard.absent.filter((name) => families.has(name)), [], 'provided after all: move them to "provided"')
    assert.deepEqual(dashboard.absent.filter((name) => !metricsDoc.includes(name)), [], 'document why these are absent')
  })
})
