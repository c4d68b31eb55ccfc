import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScheduledReporterRunner } from '../../../../src/metrics/reporters/scheduled-reporter-runner.js'

function aReporter(report: () => Promise<void>) {
  return { target: 'tcp://127.0.0.1:1', open: async () => {}, close: async () => {}, report }
}

describe('ScheduledReporterRunner', () => {
  it('never has two reports in flight: a tick during a slow report joins it', async () => {
    let calls = 0
    let finish!: () => void
    const runner = new ScheduledReporterRunner('r', aReporter(() => {
      calls++
      return calls === 1 ? new Promise<void>((resolve) => { finish = resolve }) : Promise.resolve()
    }), 1000, () => {})
    const first = runner.reportNow()
    const second = runner.reportNow()
    assert.equal(calls, 1)
    finish()
    await Promise.all([first, second])
    await runner.reportNow()
    assert.equal(calls, 2, 'the next tick after the slow one reports again')
  })

  it('logs a failure once with name, target and code, stays quiet while it lasts, and logs the recovery', async () => {
    const log: string[] = []
    let isDown = true
    const runner = new ScheduledReporterRunner('grph', aReporter(async () => {
      if (isDown) throw new Error('connect ECONNREFUSED 127.0.0.1:1')
    }), 10_000, (line) => log.push(line))
    for (let i = 0; i < 5; i++) await runner.reportNow()
    assert.equal(log.length, 1)
    assert.match(log[0]!, /metric reporter 'grph' could not report to tcp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\[SLUICE_METRICS_REPORT_FAILED\].*every 10 s/)
    isDown = false
    await runner.reportNow()
    assert.equal(log.length, 2)
    assert.match(log[1]!, /'grph' reports to tcp:\/\/127\.0\.0\.1:1 again/)
    isDown = true
    await runner.reportNow()
    assert.equal(log.length, 3, 'a new failure after a success is logged again')
    await runner.stop()
  })
})
