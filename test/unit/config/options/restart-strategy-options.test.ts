import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  RESTART_STRATEGY, RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
  RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR,
  RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
  RESTART_STRATEGY_FAILURE_RATE_DELAY, RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL,
  RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
  RESTART_STRATEGY_FIXED_DELAY_DELAY,
} from '../../../../src/config/options/restart-strategy-options.js'

function strategyOf(value: string, key = 'restart-strategy.type'): string | undefined {
  return Configuration.fromEntries([{ key, value, origin: '-D' }], configRegistry).get(RESTART_STRATEGY)
}

describe('restart strategy options', () => {
  it('carry the defaults of flink-ops.md §4.5', () => {
    const config = Configuration.empty(configRegistry)
    assert.equal(config.get(RESTART_STRATEGY), undefined)
    assert.equal(config.get(RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS), 1)
    assert.equal(config.get(RESTART_STRATEGY_FIXED_DELAY_DELAY), 1000)
    assert.equal(config.get(RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL), 1)
    assert.equal(config.get(RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL), 60_000)
    assert.equal(config.get(RESTART_STRATEGY_FAILURE_RATE_DELAY), 1000)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF), 1000)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF), 60_000)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER), 1.5)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD), 3_600_000)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR), 0.1)
    assert.equal(config.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS), 2_147_483_647)
  })

  it("normalize every Flink spelling to the strategy's main name", () => {
    const spellings: [string, string][] = [
      ['none', 'disable'], ['off', 'disable'], ['disable', 'disable'],
      ['fixed-delay', 'fixed-delay'], ['fixeddelay', 'fixed-delay'],
      ['failure-rate', 'failure-rate'], ['failurerate', 'failure-rate'],
      ['exponential-delay', 'exponential-delay'], ['ExponentialDelay', 'exponential-delay'],
    ]
    for (const [written, normalized] of spellings) assert.equal(strategyOf(written), normalized, written)
  })

  it('read the old restart-strategy key', () => {
    assert.equal(strategyOf('fixeddelay', 'restart-strategy'), 'fixed-delay')
  })

  it('list the accepted spellings when a value matches none', () => {
    assert.throws(() => strategyOf('always'),
      /expected one of disable, fixed-delay, failure-rate, exponential-delay \(also accepted: none, off/)
  })

  it('keep the jitter factor between 0 and 1', () => {
    assert.throws(() => Configuration.fromEntries([{
      key: 'restart-strategy.exponential-delay.jitter-factor', value: '1.5', origin: '-D',
    }], configRegistry), /expected a number from 0 to 1/)
  })
})
