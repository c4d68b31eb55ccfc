import type { MetricGroup, RegisteredMetric } from './metric-group.js'

/**
 * The root groups of one Sluice process (JobManager, TaskManagers, job, tasks, operators). It is a read side: its
 * metrics are views over snapshots the coordinator already keeps, so reporting costs nothing on the workers.
 */
export class MetricRegistry {
  readonly #groups: MetricGroup[] = []
  readonly #refreshers: (() => void)[] = []

  addGroup(group: MetricGroup): MetricGroup {
    this.#groups.push(group)
    return group
  }

  /** Runs before every collection: registers metrics that appeared since (user metrics, latency histograms). */
  onCollect(refresh: () => void): void {
    this.#refreshers.push(refresh)
  }

  /** Every registered metric, in registration order. */
  metrics(): readonly RegisteredMetric[] {
    for (const refresh of this.#refreshers) refresh()
    return this.#groups.flatMap((group) => [...group.metrics()])
  }
}
