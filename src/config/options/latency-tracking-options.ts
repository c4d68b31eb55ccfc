import { durationOption, enumOption, integerOption } from '../config-option.js'

/** `metrics.latency.interval`: how often sources emit latency markers; 0 turns latency tracking off. */
export const LATENCY_INTERVAL = durationOption('metrics.latency.interval', 0,
  'Interval at which sources emit latency markers, which every operator on their way records into a latency ' +
  'histogram; 0 ms turns latency tracking off (no marker is emitted).')

export const LATENCY_GRANULARITIES = ['single', 'operator', 'subtask'] as const
export type LatencyGranularity = (typeof LATENCY_GRANULARITIES)[number]

/** `metrics.latency.granularity`: how latency histograms are told apart by where the markers came from. */
export const LATENCY_GRANULARITY = enumOption('metrics.latency.granularity', LATENCY_GRANULARITIES, 'operator',
  'Granularity of latency histograms: single (one per operator subtask, whatever the source), operator (one per ' +
  'source operator and operator subtask) or subtask (one per source subtask and operator subtask).')

/** `metrics.latency.history-size`: how many recent latencies each histogram keeps. */
export const LATENCY_HISTORY_SIZE = integerOption('metrics.latency.history-size', 128,
  'Number of most recent latency measurements each latency histogram computes its statistics over.', { min: 1 })
