import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { describe, it } from 'node:test'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { InvalidMetricReporterConfigError } from '../../../src/errors.js'
import { startJobMetrics } from '../../../src/metrics/job-metrics.js'
import { PrometheusReporter } from '../../../src/metrics/reporters/prometheus-reporter.js'
import { ManualClock } from '../../support/manual-clock.js'
import { TestingMonitoredJob, aSubtaskMetrics } from '../../support/testing-monitored-job.js'

function configuration(properties: Readonly<Record<string, string>>): Configuration {
  return Configuration.fromEntries(Object.entries(properties).map(([key, value]) => ({ key, value, origin: '-D' })), configRegistry)
}

describe('startJobMetrics', () => {
  it('cancels the job and throws when a reporter is misconfigured', async () => {
    const job = new TestingMonitoredJob()
    await assert.rejects(startJobMetrics(job, configuration({ 'metrics.reporter.g.factory.class': 'graphite' }), { log: () => {} }),
      (error: unknown) => error instanceof InvalidMetricReporterConfigError && error.key === 'metrics.reporter.g.host')
    assert.ok(job.isCancelled)
  })

  it('serves the job on the first free port of the range and stops serving when the job ends', async () => {
    const blocker = createServer()
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)))
    const log: string[] = []
    const job = new TestingMonitoredJob()
    job.transition('RUNNING')
    const metrics = await startJobMetrics(job, configuration({
      'metrics.reporter.prom.factory.class': 'prometheus', 'metrics.reporter.prom.port': `${taken}-${taken + 20}`,
    }), { log: (line) => log.push(line), clock: new ManualClock(0), host: 'h1' })
    try {
      const reporter = metrics.reporters.get('prom')
      assert.ok(reporter instanceof PrometheusReporter)
      assert.ok(reporter.port !== undefined && reporter.port > taken, `skipped the taken port ${taken}, got ${reporter.port}`)
      assert.match(log.join('\n'), new RegExp(`Metric reporter 'prom' \\(prometheus\\) started: http://127\\.0\\.0\\.1:${reporter.port}/metrics`))
      job.subtaskMetrics = [aSubtaskMetrics({ vertexId: job.jobGraph.vertices[1]!.id, subtaskIndex: 0, numRecordsIn: 77 })]
      const body = await (await fetch(`http://127.0.0.1:${reporter.port}/metrics`)).text()
      assert.match(body, /^flink_taskmanager_job_task_numRecordsIn\{host="h1",tm_id="sluice_tm_0",.*subtask_index="0"\} 77$/m)
      job.transition('FINISHED')
      await metrics.stop()
      await assert.rejects(fetch(`http://127.0.0.1:${reporter.port}/metrics`), 'the endpoint is closed once the job ended')
    } finally {
      await metrics.stop()
      blocker.close()
    }
  })

  it('runs the job without a Prometheus endpoint whose ports are all taken, saying so', async () => {
    const blocker = createServer()
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)))
    const log: string[] = []
    const job = new TestingMonitoredJob()
    const metrics = await startJobMetrics(job, configuration({ 'metrics.reporter.prom.factory.class': 'prometheus', 'metrics.reporter.prom.port': String(taken) }),
      { log: (line) => log.push(line) })
    try {
      assert.equal(metrics.reporters.size, 0)
      assert.ok(!job.isCancelled)
      assert.match(log.join('\n'), /warning: metric reporter 'prom' did not start: .*metrics\.reporter\.prom\.port.*\[SLUICE_METRICS_INVALID_REPORTER_CONFIG\]; the job runs without it/)
    } finally {
      await metrics.stop()
      blocker.close()
    }
  })

  it('starts nothing when no reporter is configured', async () => {
    const metrics = await startJobMetrics(new TestingMonitoredJob(), configuration({}), { log: () => assert.fail('nothing to log') })
    assert.equal(metrics.reporters.size, 0)
    assert.equal(metrics.registry.metrics().length, 0)
    await metrics.stop()
  })
})
