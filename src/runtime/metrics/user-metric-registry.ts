import type { Counter, Histogram, Meter, MetricGroup } from '../../api/metrics.js'
import { InvalidMetricError } from '../../errors.js'
import type { UserMetricSample } from '../../protocol/messages.js'
import { WindowHistogram } from './window-histogram.js'

/** Flink's MeterView time span: the rate covers the last minute. */
const METER_SPAN_MS = 60_000
const DEFAULT_HISTORY_SIZE = 128

class SimpleCounter implements Counter {
  #count = 0
  inc(n = 1): void { this.#count += n }
  dec(n = 1): void { this.#count -= n }
  getCount(): number { return this.#count }
}

/** Counts events; the rate is worked out at each metrics report over the last minute's reports. */
class MeterView implements Meter {
  #count = 0
  #rate = 0
  readonly #history: { atMs: number; count: number }[] = []
  markEvent(n = 1): void { this.#count += n }
  getCount(): number { return this.#count }
  getRate(): number { return this.#rate }

  update(nowMs: number): void {
    this.#history.push({ atMs: nowMs, count: this.#count })
    while (this.#history.length > 2 && nowMs - this.#history[1]!.atMs >= METER_SPAN_MS) this.#history.shift()
    const oldest = this.#history[0]!
    this.#rate = nowMs > oldest.atMs ? ((this.#count - oldest.count) * 1000) / (nowMs - oldest.atMs) : 0
  }
}

type Registered =
  | { readonly kind: 'counter'; readonly metric: SimpleCounter }
  | { readonly kind: 'gauge'; readonly read: () => number }
  | { readonly kind: 'meter'; readonly metric: MeterView }
  | { readonly kind: 'histogram'; readonly metric: WindowHistogram }

interface Entry {
  readonly groups: readonly string[]
  readonly name: string
  readonly registered: Registered
}

/**
 * The user metrics of one operator subtask (Flink's OperatorMetricGroup, user part): what
 * functions registered, sampled with every metrics report. Nothing here runs per record except
 * the user's own counter or histogram update.
 */
export class UserMetricRegistry {
  readonly #entries = new Map<string, Entry>()

  constructor(readonly operatorName: string, readonly operatorId: string, readonly subtaskIndex: number) {}

  /** The operator's root metric group. */
  readonly group: MetricGroup = this.#groupAt([])

  #groupAt(groups: readonly string[]): MetricGroup {
    return {
      counter: (name) => this.#register(groups, name, 'counter', () => ({ kind: 'counter', metric: new SimpleCounter() })).metric,
      gauge: (name, read) => {
        if (typeof read !== 'function') throw new InvalidMetricError(this.operatorName, [...groups, name].join('.'), 'a gauge needs a function that returns its value')
        this.#register(groups, name, 'gauge', () => ({ kind: 'gauge', read }))
      },
      meter: (name) => this.#register(groups, name, 'meter', () => ({ kind: 'meter', metric: new MeterView() })).metric,
      histogram: (name, historySize = DEFAULT_HISTORY_SIZE) => {
        if (!Number.isInteger(historySize) || historySize < 1) {
          throw new InvalidMetricError(this.operatorName, [...groups, name].join('.'), `history size must be a positive integer, got ${historySize}`)
        }
        return this.#register(groups, name, 'histogram', () => ({ kind: 'histogram', metric: new WindowHistogram(historySize) })).metric
      },
      addGroup: (name) => this.#groupAt([...groups, this.#checkedName(groups, name)]),
    }
  }

  #checkedName(groups: readonly string[], name: string): string {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidMetricError(this.operatorName, [...groups, String(name)].join('.'), 'metric and group names must be non-empty strings')
    }
    return name
  }

  #register<K extends Registered['kind']>(groups: readonly string[], name: string, kind: K, create: () => Registered & { kind: K }):
    Registered & { kind: K } {
    const identifier = [...groups, this.#checkedName(groups, name)].join('\u0000')
    const existing = this.#entries.get(identifier)
    if (existing !== undefined) {
      // asking again (e.g. from open() after a restart of the function) returns the same metric
      if (existing.registered.kind === kind) return existing.registered as Registered & { kind: K }
      throw new InvalidMetricError(this.operatorName, [...groups, name].join('.'), `it is already registered as a ${existing.registered.kind}`)
    }
    const registered = create()
    this.#entries.set(identifier, { groups, name, registered })
    return registered
  }

  /** The current value of every metric; a gauge that throws or returns no number reports NaN. */
  sample(nowMs: number): UserMetricSample[] {
    const samples: UserMetricSample[] = []
    for (const { groups, name, registered } of this.#entries.values()) {
      const base = { operatorId: this.operatorId, subtaskIndex: this.subtaskIndex, groups, name }
      switch (registered.kind) {
        case 'counter':
          samples.push({ ...base, kind: 'counter', value: registered.metric.getCount() })
          break
        case 'gauge':
          samples.push({ ...base, kind: 'gauge', value: readGauge(registered.read) })
          break
        case 'meter':
          registered.metric.update(nowMs)
          samples.push({ ...base, kind: 'meter', value: registered.metric.getRate(), count: registered.metric.getCount() })
          break
        case 'histogram':
          samples.push({ ...base, kind: 'histogram', value: registered.metric.getCount(), statistics: registered.metric.getStatistics() })
      }
    }
    return samples
  }
}

function readGauge(read: () => number): number {
  try {
    const value = read()
    return typeof value === 'number' ? value : Number.NaN
  } catch {
    return Number.NaN
  }
}
