import type { Configuration } from '../../config/configuration.js'
import {
  RESTART_STRATEGY, RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
  RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR,
  RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
  RESTART_STRATEGY_FAILURE_RATE_DELAY, RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL,
  RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
  RESTART_STRATEGY_FIXED_DELAY_DELAY, type RestartStrategyType,
} from '../../config/options/restart-strategy-options.js'

/**
 * Decides whether a failed job restarts and after how long (Flink's RestartBackoffTimeStrategy).
 * notifyFailure is called first, then canRestart and backoffTimeMs.
 */
export interface RestartBackoffTimeStrategy {
  readonly type: RestartStrategyType
  notifyFailure(nowMs: number): void
  canRestart(): boolean
  backoffTimeMs(): number
  /** Why the job is not restarted, for the failure message. */
  describeExhaustion(): string
}

/** The strategy the configuration sets; unset, Flink's default: exponential-delay with checkpointing, else none. */
export function restartBackoffTimeStrategyFrom(configuration: Configuration, isCheckpointingEnabled: boolean, random: () => number = Math.random): RestartBackoffTimeStrategy {
  const type = configuration.get(RESTART_STRATEGY) ?? (isCheckpointingEnabled ? 'exponential-delay' : 'disable')
  switch (type) {
    case 'disable':
      return {
        type,
        notifyFailure() {},
        canRestart: () => false,
        backoffTimeMs: () => 0,
        describeExhaustion: () => "restart-strategy.type is 'disable'",
      }
    case 'fixed-delay':
      return fixedDelay(configuration.get(RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS), configuration.get(RESTART_STRATEGY_FIXED_DELAY_DELAY))
    case 'failure-rate':
      return failureRate(configuration.get(RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
        configuration.get(RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL), configuration.get(RESTART_STRATEGY_FAILURE_RATE_DELAY))
    case 'exponential-delay':
      return exponentialDelay({
        initialMs: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF),
        maxMs: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF),
        multiplier: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
        resetThresholdMs: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
        jitter: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR),
        attempts: configuration.get(RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS),
      }, random)
  }
}

function fixedDelay(attempts: number, delayMs: number): RestartBackoffTimeStrategy {
  let failures = 0
  return {
    type: 'fixed-delay',
    notifyFailure() { failures++ },
    canRestart: () => failures <= attempts,
    backoffTimeMs: () => delayMs,
    describeExhaustion: () => `restart-strategy.fixed-delay.attempts (${attempts}) restarts used up`,
  }
}

function failureRate(maxFailures: number, intervalMs: number, delayMs: number): RestartBackoffTimeStrategy {
  const failureTimesMs: number[] = []
  let latestMs = 0
  return {
    type: 'failure-rate',
    notifyFailure(nowMs) {
      latestMs = nowMs
      failureTimesMs.push(nowMs)
      while (failureTimesMs.length > 0 && failureTimesMs[0]! <= nowMs - intervalMs) failureTimesMs.shift()
    },
    canRestart: () => failureTimesMs.filter((t) => t > latestMs - intervalMs).length <= maxFailures,
    backoffTimeMs: () => delayMs,
    describeExhaustion: () => `more than restart-strategy.failure-rate.max-failures-per-interval (${maxFailures}) failures within ${intervalMs} ms`,
  }
}

function exponentialDelay(options: {
  readonly initialMs: number; readonly maxMs: number; readonly multiplier: number; readonly resetThresholdMs: number
  readonly jitter: number; readonly attempts: number | undefined
}, random: () => number): RestartBackoffTimeStrategy {
  let currentMs = 0
  let attempts = 0
  let lastFailureMs: number | undefined
  return {
    type: 'exponential-delay',
    notifyFailure(nowMs) {
      if (lastFailureMs !== undefined && nowMs - lastFailureMs >= options.resetThresholdMs) {
        currentMs = 0
        attempts = 0
      }
      lastFailureMs = nowMs
      attempts++
      currentMs = currentMs === 0 ? options.initialMs : Math.min(currentMs * options.multiplier, options.maxMs)
    },
    canRestart: () => options.attempts === undefined || attempts <= options.attempts,
    backoffTimeMs: () => {
      const spread = currentMs * options.jitter
      return Math.max(0, Math.round(currentMs - spread + random() * 2 * spread))
    },
    describeExhaustion: () => `restart-strategy.exponential-delay.attempts-before-reset-backoff (${options.attempts}) restarts used up`,
  }
}
