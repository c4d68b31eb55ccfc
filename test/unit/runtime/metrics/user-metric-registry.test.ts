import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidMetricError } from '../../../../src/errors.js'
import { UserMetricRegistry } from '../../../../src/runtime/metrics/user-metric-registry.js'

const aRegistry = () => new UserMetricRegistry('Parse', 'op-1', 2)

describe('UserMetricRegistry', () => {
  it('returns the same counter for the same name, and samples it with its groups', () => {
    const registry = aRegistry()
    const group = registry.group.addGroup('input')
    group.counter('records').inc(3)
    group.counter('records').dec()
    assert.deepEqual(registry.sample(0), [{ operatorId: 'op-1', subtaskIndex: 2, groups: ['input'], name: 'records', kind: 'counter', value: 2 }])
  })

  it('refuses a name taken by another kind of metric, and empty names, with the operator named', () => {
    const registry = aRegistry()
    registry.group.counter('events')
    assert.throws(() => registry.group.meter('events'), (e: unknown) => e instanceof InvalidMetricError &&
      e.code === 'SLUICE_METRIC_INVALID' && /operator 'Parse' cannot register metric 'events': it is already registered as a counter/.test(e.message))
    assert.throws(() => registry.group.counter(''), InvalidMetricError)
    assert.throws(() => registry.group.addGroup(''), InvalidMetricError)
    assert.throws(() => registry.group.histogram('h', 0), /history size must be a positive integer/)
  })

  it('works out a meter\'s rate per second over the reports of the last minute', () => {
    const registry = aRegistry()
    const meter = registry.group.meter('events')
    registry.sample(0)
    meter.markEvent(500)
    registry.sample(1_000)
    meter.markEvent(1_500)
    const [sample] = registry.sample(2_000)
    assert.equal(sample!.value, 1_000, '2000 events in 2 s')
    assert.equal(sample!.count, 2_000)
    assert.equal(meter.getRate(), 1_000)
  })

  it('reports NaN for a gauge that throws or returns no number', () => {
    const registry = aRegistry()
    registry.group.gauge('throws', () => { throw new Error('boom') })
    registry.group.gauge('text', () => 'seven' as unknown as number)
    registry.group.gauge('fine', () => 7)
    assert.deepEqual(registry.sample(0).map((s) => s.value), [Number.NaN, Number.NaN, 7])
  })
})
