import type { SubtaskMetrics } from '../../coordinator/metrics/subtask-metrics.js'
import {
  ACC_BACK_PRESSURED_TIME, ACC_BUSY_TIME, ACC_IDLE_TIME, BACK_PRESSURED_TIME, BUSY_TIME, CURRENT_INPUT_WATERMARK,
  CURRENT_OUTPUT_WATERMARK, IDLE_TIME, IN_POOL_USAGE, LATENCY, LATENCY_OPERATOR_ID, LATENCY_OPERATOR_SUBTASK_INDEX,
  LATENCY_SOURCE_ID, LATENCY_SOURCE_SUBTASK_INDEX, NUM_BYTES_IN, NUM_BYTES_IN_RATE, NUM_BYTES_OUT, NUM_BYTES_OUT_RATE,
  NUM_RECORDS_IN, NUM_RECORDS_IN_RATE, NUM_RECORDS_OUT, NUM_RECORDS_OUT_RATE, OUT_POOL_USAGE,
} from '../../metrics/metric-names.js'
import type { HistogramSnapshot } from '../../util/histogram-snapshot.js'
import { RestBadRequestError } from '../../errors.js'
import type { LatencyHistogramSample, UserMetricSample } from '../../metrics/reported-metric-samples.js'
import { metricValueString, type FlinkJson } from '../messages/flink-json.js'

/** The aggregations of Flink's aggregating metrics handlers (`agg=`). */
export const METRIC_AGGREGATIONS = ['min', 'max', 'avg', 'sum', 'skew'] as const
export type MetricAggregation = (typeof METRIC_AGGREGATIONS)[number]

/** A component's metrics (a subtask, a job, a worker, the coordinator) by name; numbers, or strings for text gauges. */
export type MetricValues = ReadonlyMap<string, number | string>

/** The task-scope metrics of one subtask under Flink's names, as its metric store keeps them. */
export function subtaskMetricValues(m: SubtaskMetrics): Map<string, number | string> {
  return new Map<string, number | string>([
    [NUM_RECORDS_IN, m.numRecordsIn], [NUM_RECORDS_OUT, m.numRecordsOut], [NUM_BYTES_IN, m.numBytesIn], [NUM_BYTES_OUT, m.numBytesOut],
    [NUM_RECORDS_IN_RATE, m.numRecordsInPerSecond], [NUM_RECORDS_OUT_RATE, m.numRecordsOutPerSecond],
    [NUM_BYTES_IN_RATE, m.numBytesInPerSecond], [NUM_BYTES_OUT_RATE, m.numBytesOutPerSecond],
    [BUSY_TIME, m.busyTimeMsPerSecond], [IDLE_TIME, m.idleTimeMsPerSecond], [BACK_PRESSURED_TIME, m.backPressuredTimeMsPerSecond],
    [ACC_BUSY_TIME, m.accumulateBusyTimeMs], [ACC_IDLE_TIME, m.accumulateIdleTimeMs], [ACC_BACK_PRESSURED_TIME, m.accumulateBackPressuredTimeMs],
    [CURRENT_INPUT_WATERMARK, m.currentInputWatermark], [CURRENT_OUTPUT_WATERMARK, m.currentOutputWatermark],
    [IN_POOL_USAGE, m.inPoolUsage], [OUT_POOL_USAGE, m.outPoolUsage],
    // a boolean gauge in Flink (written "true"/"false", skipped by aggregations); here: back-pressured at all lately
    ['isBackPressured', String(m.backPressuredTimeMsPerSecond > 0)],
  ])
}

/**
 * A reported metric's entries as Flink's metric store keeps them (MetricDumpSerialization): a counter's count, a
 * gauge's value, a meter's rate, and a histogram expanded into `<name>_min`, `_max`, `_mean`, `_median`, `_stddev`,
 * `_p75`, `_p90`, `_p95`, `_p98`, `_p99` and `_p999`.
 */
export function reportedMetricEntries(name: string, value: number, statistics?: HistogramSnapshot): [string, number][] {
  if (statistics === undefined) return [[name, value]]
  return [
    [`${name}_min`, statistics.min], [`${name}_max`, statistics.max], [`${name}_mean`, statistics.mean],
    [`${name}_median`, statistics.p50], [`${name}_stddev`, statistics.stddev], [`${name}_p75`, statistics.p75], [`${name}_p90`, statistics.p90],
    [`${name}_p95`, statistics.p95], [`${name}_p98`, statistics.p98], [`${name}_p99`, statistics.p99], [`${name}_p999`, statistics.p999],
  ]
}

const OPERATOR_NAME_MAX_LENGTH = 80

/** The user metrics of a vertex's operators, keyed as Flink's vertex store does: `<subtask>.<operator name>.<groups…>.<name>`. */
export function userMetricValues(samples: readonly UserMetricSample[], operatorNames: ReadonlyMap<string, string>): Map<string, number> {
  const values = new Map<string, number>()
  for (const sample of samples) {
    const operatorName = operatorNames.get(sample.operatorId)
    if (operatorName === undefined) continue
    // Flink's OperatorMetricGroup truncates operator names to 80 characters
    const name = [sample.subtaskIndex, operatorName.slice(0, OPERATOR_NAME_MAX_LENGTH), ...sample.groups, sample.name].join('.')
    for (const [id, value] of reportedMetricEntries(name, sample.value, sample.statistics)) values.set(id, value)
  }
  return values
}

/**
 * The latency histograms of a job, keyed as Flink's job store keeps them:
 * `latency.source_id.<id>[.source_subtask_index.<n>].operator_id.<id>.operator_subtask_index.<n>.latency_<statistic>`.
 */
export function latencyMetricValues(samples: readonly LatencyHistogramSample[]): Map<string, number> {
  const values = new Map<string, number>()
  for (const sample of samples) {
    const scope = [LATENCY]
    if (sample.sourceOperatorId !== undefined) scope.push(LATENCY_SOURCE_ID, sample.sourceOperatorId)
    if (sample.sourceSubtaskIndex !== undefined) scope.push(LATENCY_SOURCE_SUBTASK_INDEX, String(sample.sourceSubtaskIndex))
    scope.push(LATENCY_OPERATOR_ID, sample.operatorId, LATENCY_OPERATOR_SUBTASK_INDEX, String(sample.operatorSubtaskIndex), LATENCY)
    for (const [id, value] of reportedMetricEntries(scope.join('.'), sample.statistics.count, sample.statistics)) values.set(id, value)
  }
  return values
}

/**
 * The distinct names in `get=a,b` (also repeated `get=` parameters), in the order first asked; undefined when there is
 * no `get`. Distinct, so that an answer never has more entries than there are metrics.
 */
export function requestedMetricNames(query: URLSearchParams): string[] | undefined {
  const values = query.getAll('get')
  if (values.length === 0) return undefined
  return [...new Set(values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== ''))]
}

/**
 * Flink's MetricCollectionResponseBody, a bare array: without `get` the available names (`[{"id"}]`), with it the
 * values as strings (`[{"id","value"}]`); unknown names are left out, not an error.
 */
export function metricCollectionOf(values: MetricValues, names: readonly string[] | undefined): FlinkJson {
  if (names === undefined) return [...values.keys()].sort().map((id) => ({ id }))
  return names.filter((name) => values.has(name)).map((id) => ({ id, value: metricValueString(values.get(id)!) }))
}

/** The aggregations in `agg=` (case-insensitive; all of them when absent); 400 naming the first one Flink does not know. */
export function requestedAggregations(query: URLSearchParams): MetricAggregation[] {
  const values = query.getAll('agg')
  if (values.length === 0) return [...METRIC_AGGREGATIONS]
  const requested = new Set<MetricAggregation>()
  for (const name of values.flatMap((value) => value.split(',')).map((n) => n.trim().toLowerCase()).filter((n) => n !== '')) {
    if (!(METRIC_AGGREGATIONS as readonly string[]).includes(name)) {
      throw new RestBadRequestError(`Bad request, could not parse parameter agg: unknown aggregation '${name.slice(0, 40)}'; expected some of ${METRIC_AGGREGATIONS.join(', ')}.`)
    }
    requested.add(name as MetricAggregation)
  }
  return [...requested]
}

/**
 * The subtask indexes in `subtasks=0,2-5` (all of `0..parallelism-1` when absent). Every index and range end is
 * checked against the parallelism before anything is expanded, so a request costs at most the subtasks that exist;
 * 400 for a subtask that does not exist, a reversed range, or anything but indexes and ranges.
 */
export function requestedSubtasks(query: URLSearchParams, parallelism: number): Set<number> {
  const values = query.getAll('subtasks')
  const selected = new Array<boolean>(parallelism).fill(values.length === 0)
  for (const part of values.flatMap((value) => value.split(',')).map((p) => p.trim()).filter((p) => p !== '')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part)
    const shown = part.slice(0, 40)
    if (range === null) throw new RestBadRequestError(`Bad request, could not parse parameter subtasks: '${shown}' is not an index or a range like 2-5.`)
    const from = Number(range[1])
    const to = range[2] === undefined ? from : Number(range[2])
    if (to < from) throw new RestBadRequestError(`Bad request, parameter subtasks: the range ${shown} ends before it starts.`)
    if (to >= parallelism) {
      const existing = parallelism === 1 ? '1 subtask (0)' : `${parallelism} subtasks (0-${parallelism - 1})`
      throw new RestBadRequestError(`Bad request, parameter subtasks: ${range[2] === undefined ? `subtask ${shown} does not exist` : `the range ${shown} goes past the last subtask`}: the vertex has ${existing}.`)
    }
    // a range over existing subtasks; repeated or overlapping parts only set the same flags again
    selected.fill(true, from, to + 1)
  }
  return new Set(selected.flatMap((isSelected, index) => (isSelected ? [index] : [])))
}

/**
 * Flink's AggregatedMetricsResponseBody, a bare array: without `get` the union of names, with it one
 * `{"id", <agg>: number...}` per requested metric that has numeric values, only the requested aggregations.
 */
export function aggregatedMetricsOf(components: readonly MetricValues[], names: readonly string[] | undefined,
  aggregations: readonly MetricAggregation[]): FlinkJson {
  const available = new Set(components.flatMap((c) => [...c.keys()]))
  if (names === undefined) return [...available].sort().map((id) => ({ id }))
  const result: FlinkJson[] = []
  // unknown names are dropped before any subtask is looked at: the work is bounded by the metrics that exist
  for (const name of names.filter((n) => available.has(n))) {
    const values = components.map((c) => c.get(name)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    if (values.length === 0) continue
    const entry: Record<string, FlinkJson> = { id: name }
    for (const aggregation of aggregations) entry[aggregation] = aggregate(values, aggregation)
    result.push(entry)
  }
  return result
}

/** One aggregation over non-empty values; skew as Flink's DoubleDataSkew: mean absolute deviation ÷ mean × 100, capped at 100. */
export function aggregate(values: readonly number[], aggregation: MetricAggregation): number {
  const sum = values.reduce((a, b) => a + b, 0)
  const avg = sum / values.length
  switch (aggregation) {
    case 'min': return Math.min(...values)
    case 'max': return Math.max(...values)
    case 'sum': return sum
    case 'avg': return avg
    case 'skew': {
      if (avg === 0) return 0
      const meanAbsoluteDeviation = values.reduce((total, v) => total + Math.abs(v - avg), 0) / values.length
      return Math.min(100, (meanAbsoluteDeviation / avg) * 100)
    }
  }
}
