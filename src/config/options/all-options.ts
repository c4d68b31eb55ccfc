import { ConfigOption } from '../config-option.js'
import type { ConfigOptionFamily } from '../config-option-family.js'
import { ConfigRegistry } from '../config-registry.js'
import * as checkpointingOptions from './checkpointing-options.js'
import * as jobManagerOptions from './job-manager-options.js'
import * as latencyTrackingOptions from './latency-tracking-options.js'
import * as metricOptions from './metric-options.js'
import { METRIC_REPORTER_FAMILY } from './metric-options.js'
import * as pipelineOptions from './pipeline-options.js'
import * as restOptions from './rest-options.js'
import * as restartStrategyOptions from './restart-strategy-options.js'
import * as stateBackendOptions from './state-backend-options.js'
import * as taskManagerOptions from './task-manager-options.js'

// collected rather than listed, so that an option added to an options module cannot be left out of the registry
function optionsOf(module: Record<string, unknown>): ConfigOption<unknown>[] {
  return Object.values(module).filter((value): value is ConfigOption<unknown> => value instanceof ConfigOption)
}

/** Every configuration key Sluice understands, each defined once in options/*.ts. */
export const ALL_CONFIG_OPTIONS: readonly ConfigOption<unknown>[] = Object.freeze([
  ...optionsOf(pipelineOptions),
  ...optionsOf(jobManagerOptions),
  ...optionsOf(taskManagerOptions),
  ...optionsOf(restOptions),
  ...optionsOf(checkpointingOptions),
  ...optionsOf(stateBackendOptions),
  ...optionsOf(restartStrategyOptions),
  ...optionsOf(latencyTrackingOptions),
  ...optionsOf(metricOptions),
])

/** Open key families: `metrics.reporter.<name>.<parameter>`. */
export const ALL_CONFIG_OPTION_FAMILIES: readonly ConfigOptionFamily[] = Object.freeze([METRIC_REPORTER_FAMILY])

/** The registry that Configuration validates keys against. */
export const configRegistry = new ConfigRegistry(ALL_CONFIG_OPTIONS, ALL_CONFIG_OPTION_FAMILIES)
