import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidMetricReporterConfigError } from '../../../../src/errors.js'
import {
  parseGroupingKey, pushGatewayGroupUrl, pushGatewayJobName,
} from '../../../../src/metrics/reporters/prometheus-push-gateway-reporter.js'

describe('Pushgateway reporter helpers', () => {
  it("appends Flink's random suffix (32 hex digits, no separator) only when asked", () => {
    assert.match(pushGatewayJobName('flink-', true), /^flink-[0-9a-f]{32}$/)
    assert.notEqual(pushGatewayJobName('x', true), pushGatewayJobName('x', true))
    assert.equal(pushGatewayJobName('flink', false), 'flink')
  })

  it('parses k1=v1;k2=v2 and rejects a pair without value or with an invalid label name', () => {
    assert.deepEqual([...parseGroupingKey('instance=tm1;k2=v 2;', 'key')], [['instance', 'tm1'], ['k2', 'v 2']])
    assert.deepEqual([...parseGroupingKey('', 'key')], [])
    assert.throws(() => parseGroupingKey('k1', 'the.key'), (e: unknown) => e instanceof InvalidMetricReporterConfigError && e.key === 'the.key')
    assert.throws(() => parseGroupingKey('1k=v', 'the.key'), InvalidMetricReporterConfigError)
  })

  it('builds /metrics/job/<job>{/<label>/<value>}, base64url-encoding values with a slash', () => {
    assert.equal(pushGatewayGroupUrl('http://gw:9091/', 'job a', new Map([['k1', 'v1']])), 'http://gw:9091/metrics/job/job%20a/k1/v1')
    assert.equal(pushGatewayGroupUrl('http://gw:9091', 'a/b', new Map([['path', '/x/y']])),
      `http://gw:9091/metrics/job@base64/${Buffer.from('a/b').toString('base64url')}/path@base64/${Buffer.from('/x/y').toString('base64url')}`)
  })
})
