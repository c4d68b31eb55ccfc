import type { MetricGroup, RegisteredMetric } from './metric-group.js'

/**
 * The root groups of one Sluice process (JobManager, TaskManagers, job, tasks, operators). It is a read side: its
 * metrics are views over snapshots the coordinator already keeps, so reporting costs nothing on the workers.
 */
export class MetricRegistry {
  readonly #groups: MetricGroup[] = []

  addGroup(group: MetricGroup): MetricGroup {
    this.#groups.push(group)
    return group
  }

  /** Every registered metric, in registration order. */
  metrics(): readonly RegisteredMetric[] {
    return this.#groups.flatMap((group) => [...group.metrics()])
  }
}
