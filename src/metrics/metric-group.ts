import {
  type Counter, type Gauge, type Histogram, type Meter, type Metric,
} from './metric.js'

/** A metric as a reporter sees it: its name, the metric and the group it belongs to. */
export interface RegisteredMetric {
  readonly name: string
  readonly metric: Metric
  readonly group: MetricGroup
}

/** How a group is placed: its scope components, logical scope and variables. */
export interface MetricGroupPlacement {
  /** Identifier scope from the group's scope format, e.g. ['myhost', 'taskmanager', 'tm-0']. */
  readonly scopeComponents: readonly string[]
  /** Flink's logical scope, e.g. ['taskmanager', 'job', 'task']: what Prometheus names and filters use. */
  readonly logicalScope: readonly string[]
  /** Variables with angle brackets ('<host>' → value), inherited by child groups. */
  readonly variables: ReadonlyMap<string, string>
}

/**
 * A named set of metrics with Flink's scope: identifier components, logical scope and variables. Child groups
 * (Flink's addGroup) append their name to both scopes, so `Status.JVM.Memory.Heap.Used` is the metric `Used` of the
 * group Status → JVM → Memory → Heap.
 */
export class MetricGroup implements MetricGroupPlacement {
  readonly scopeComponents: readonly string[]
  readonly logicalScope: readonly string[]
  readonly variables: ReadonlyMap<string, string>
  readonly #metrics = new Map<string, Metric>()
  readonly #children = new Map<string, MetricGroup>()

  constructor(placement: MetricGroupPlacement) {
    this.scopeComponents = Object.freeze([...placement.scopeComponents])
    this.logicalScope = Object.freeze([...placement.logicalScope])
    this.variables = new Map(placement.variables)
  }

  /** The child group `name` (created once); a path of names adds nested groups. */
  addGroup(...names: readonly string[]): MetricGroup {
    let group: MetricGroup = this
    for (const name of names) group = group.#child(name)
    return group
  }

  #child(name: string): MetricGroup {
    let child = this.#children.get(name)
    if (child === undefined) {
      child = new MetricGroup({
        scopeComponents: [...this.scopeComponents, name], logicalScope: [...this.logicalScope, name], variables: this.variables,
      })
      this.#children.set(name, child)
    }
    return child
  }

  /**
   * Flink's addGroup(key, value): `key` joins both scopes, `value` only the identifier scope, and `<key>` becomes a
   * variable, so reporters with labels (Prometheus, InfluxDB) show the value as a label `key`.
   */
  addKeyedGroup(key: string, value: string): MetricGroup {
    const id = `${key}\u0000${value}`
    let child = this.#children.get(id)
    if (child === undefined) {
      child = new MetricGroup({
        scopeComponents: [...this.scopeComponents, key, value],
        logicalScope: [...this.logicalScope, key],
        variables: new Map([...this.variables, [`<${key}>`, value]]),
      })
      this.#children.set(id, child)
    }
    return child
  }

  /** Registers `metric` as `name`; a name registered twice keeps the first metric (as Flink does). */
  register<M extends Metric>(name: string, metric: M): M {
    if (!this.#metrics.has(name)) this.#metrics.set(name, metric)
    return metric
  }

  counter(name: string, counter: Counter): Counter {
    return this.register(name, counter)
  }

  gauge<T>(name: string, gauge: Gauge<T>): Gauge<T> {
    return this.register(name, gauge)
  }

  meter(name: string, meter: Meter): Meter {
    return this.register(name, meter)
  }

  histogram(name: string, histogram: Histogram): Histogram {
    return this.register(name, histogram)
  }

  /** Every metric of this group and its descendants. */
  *metrics(): Iterable<RegisteredMetric> {
    for (const [name, metric] of this.#metrics) yield { name, metric, group: this }
    for (const child of this.#children.values()) yield* child.metrics()
  }
}
