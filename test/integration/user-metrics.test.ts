import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DEFAULT_PARALLELISM } from '../../src/config/options/pipeline-options.js'
import { submitJob } from '../../src/job/submit-job.js'

const USER_METRICS_JOB = fileURLToPath(new URL('./jobs/user-metrics.job.ts', import.meta.url))

describe('user metrics', { timeout: 60_000 }, () => {
  it('reports what functions register on their metric group, per operator subtask, including the final values', async () => {
    const events = 20_000
    const { jobMaster } = await submitJob({
      jobPath: USER_METRICS_JOB,
      configEntries: [{ key: DEFAULT_PARALLELISM.key, value: '2', origin: '-D' }],
      jobArgs: ['--events', String(events)],
    })
    const result = await jobMaster.result()
    assert.equal(result.status, 'FINISHED', result.failure?.message)
    const measured = jobMaster.jobGraph.vertices.flatMap((v) => v.operators).find((o) => o.node.name === 'Measured')!
    const metrics = jobMaster.userMetrics().filter((m) => m.operatorId === measured.operatorId)
    const of = (name: string, kind: string) => metrics.filter((m) => m.name === name && m.kind === kind).sort((a, b) => a.subtaskIndex - b.subtaskIndex)

    const seen = of('seen', 'counter')
    assert.deepEqual(seen.map((m) => m.subtaskIndex), [0, 1], 'one counter per subtask')
    assert.deepEqual(seen[0]!.groups, ['quality'])
    assert.equal(seen.reduce((sum, m) => sum + m.value, 0), events, 'the counters add up to every record')
    assert.equal(of('seenPerSecond', 'meter').reduce((sum, m) => sum + m.count!, 0), events)
    for (const histogram of of('value', 'histogram')) {
      assert.ok(histogram.statistics!.min >= 0 && histogram.statistics!.max <= 99, JSON.stringify(histogram.statistics))
      assert.equal(histogram.value, histogram.statistics!.count)
    }
    assert.ok(of('lastValue', 'gauge').some((m) => m.value > 0))
    assert.ok(of('broken', 'gauge').every((m) => Number.isNaN(m.value)), 'a throwing gauge reports NaN and nothing else breaks')
  })
})
