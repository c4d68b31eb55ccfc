import { durationOption, enumOption, floatOption, integerOption, noDefault } from '../config-option.js'

/** Flink's restart strategies under their main names (RestartStrategyOptions.RestartStrategyType). */
export const RESTART_STRATEGY_TYPES = ['disable', 'fixed-delay', 'failure-rate', 'exponential-delay'] as const
/** A restart strategy under its main name. */
export type RestartStrategyType = typeof RESTART_STRATEGY_TYPES[number]

/** `restart-strategy.type`: how a failed job is restarted. */
export const RESTART_STRATEGY = enumOption('restart-strategy.type', RESTART_STRATEGY_TYPES, noDefault,
  "How a failed job is restarted; when unset, 'disable' if checkpointing is off and 'exponential-delay' if it is on.",
  {
    none: 'disable', off: 'disable', fixeddelay: 'fixed-delay', failurerate: 'failure-rate',
    exponentialdelay: 'exponential-delay',
  })
  .withDeprecatedKeys('restart-strategy')

/** `restart-strategy.fixed-delay.attempts`: restarts before the job fails (fixed-delay). */
export const RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS = integerOption('restart-strategy.fixed-delay.attempts', 1,
  "Number of restarts before the job is declared failed, with restart-strategy.type 'fixed-delay'.", { min: 0 })

/** `restart-strategy.fixed-delay.delay`: wait between restarts (fixed-delay). */
export const RESTART_STRATEGY_FIXED_DELAY_DELAY = durationOption('restart-strategy.fixed-delay.delay', 1000,
  "Delay between two restart attempts, with restart-strategy.type 'fixed-delay'.")

/** `restart-strategy.failure-rate.max-failures-per-interval`: failures tolerated per interval (failure-rate). */
export const RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL = integerOption(
  'restart-strategy.failure-rate.max-failures-per-interval', 1,
  "Most restarts within one failure-rate interval before the job fails, with restart-strategy.type 'failure-rate'.",
  { min: 1 })

/** `restart-strategy.failure-rate.failure-rate-interval`: window in which failures are counted (failure-rate). */
export const RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL = durationOption(
  'restart-strategy.failure-rate.failure-rate-interval', 60_000,
  "Time window in which failures are counted, with restart-strategy.type 'failure-rate'.", { minMs: 1 })

/** `restart-strategy.failure-rate.delay`: wait between restarts (failure-rate). */
export const RESTART_STRATEGY_FAILURE_RATE_DELAY = durationOption('restart-strategy.failure-rate.delay', 1000,
  "Delay between two restart attempts, with restart-strategy.type 'failure-rate'.")

/** `restart-strategy.exponential-delay.initial-backoff`: first wait before a restart (exponential-delay). */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF = durationOption(
  'restart-strategy.exponential-delay.initial-backoff', 1000,
  "Delay before the first restart, with restart-strategy.type 'exponential-delay'.")

/** `restart-strategy.exponential-delay.max-backoff`: longest wait between restarts (exponential-delay). */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF = durationOption(
  'restart-strategy.exponential-delay.max-backoff', 60_000,
  "Longest delay between two restarts, with restart-strategy.type 'exponential-delay'.")

/** `restart-strategy.exponential-delay.backoff-multiplier`: growth factor of the wait (exponential-delay). */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER = floatOption(
  'restart-strategy.exponential-delay.backoff-multiplier', 1.5,
  "Factor the delay is multiplied by after every failure until max-backoff, with restart-strategy.type " +
  "'exponential-delay'.", { min: 1 })

/** `restart-strategy.exponential-delay.reset-backoff-threshold`: failure-free run time that resets the wait. */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD = durationOption(
  'restart-strategy.exponential-delay.reset-backoff-threshold', 3_600_000,
  "How long the job must run without failure for the delay to fall back to initial-backoff, with " +
  "restart-strategy.type 'exponential-delay'.")

/** `restart-strategy.exponential-delay.jitter-factor`: random spread of the wait (exponential-delay). */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR = floatOption(
  'restart-strategy.exponential-delay.jitter-factor', 0.1,
  "Fraction of the delay added or subtracted at random so that jobs do not restart in lockstep, with " +
  "restart-strategy.type 'exponential-delay'.", { min: 0, max: 1 })

/** `restart-strategy.exponential-delay.attempts-before-reset-backoff`: restarts before the job fails. */
export const RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS = integerOption(
  'restart-strategy.exponential-delay.attempts-before-reset-backoff', 2_147_483_647,
  "Number of restarts before the job is declared failed, counted again from zero whenever the delay is reset, " +
  "with restart-strategy.type 'exponential-delay'.", { min: 0 })
  .withDocDefault('infinite')
