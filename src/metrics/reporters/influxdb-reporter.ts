import type { Clock } from '../../util/clock.js'
import type { MetricRegistry } from '../metric-registry.js'
import { checkAccepted, sendHttpRequest } from './http-request.js'
import { influxLines } from './influxdb-line-protocol.js'
import { type MetricReporter, type ReporterSettings, reportedMetrics } from './metric-reporter.js'

/** What the InfluxDB reporter needs (Flink's InfluxdbReporterOptions). */
export interface InfluxdbReporterOptions {
  readonly registry: MetricRegistry
  readonly settings: ReporterSettings
  readonly clock: Clock
  readonly scheme: 'http' | 'https'
  readonly host: string
  readonly port: number
  readonly db: string
  readonly username: string | undefined
  readonly password: string | undefined
  readonly retentionPolicy: string | undefined
  readonly consistency: 'ALL' | 'ANY' | 'ONE' | 'QUORUM'
  readonly connectTimeoutMs: number
  readonly writeTimeoutMs: number
}

/** The /write URL of InfluxDB 1.x for these options (millisecond precision). */
export function influxWriteUrl(options: Pick<InfluxdbReporterOptions, 'scheme' | 'host' | 'port' | 'db' | 'retentionPolicy' | 'consistency' | 'username' | 'password'>): string {
  const url = new URL(`${options.scheme}://${options.host}:${options.port}/write`)
  url.searchParams.set('db', options.db)
  url.searchParams.set('precision', 'ms')
  url.searchParams.set('consistency', options.consistency.toLowerCase())
  if (options.retentionPolicy !== undefined) url.searchParams.set('rp', options.retentionPolicy)
  if (options.username !== undefined) url.searchParams.set('u', options.username)
  if (options.password !== undefined) url.searchParams.set('p', options.password)
  return url.toString()
}

/** Flink's InfluxdbReporter: every interval writes all metrics as points over the InfluxDB 1.x HTTP API. */
export class InfluxdbReporter implements MetricReporter {
  readonly #options: InfluxdbReporterOptions
  readonly #url: string

  constructor(options: InfluxdbReporterOptions) {
    this.#options = options
    this.#url = influxWriteUrl(options)
  }

  get target(): string {
    return `${this.#options.scheme}://${this.#options.host}:${this.#options.port} (db ${this.#options.db})`
  }

  async open(): Promise<void> {}

  async report(): Promise<void> {
    const lines = influxLines(reportedMetrics(this.#options.registry, this.#options.settings), this.#options.clock.nowMs())
    if (lines.length === 0) return
    const response = await sendHttpRequest({
      method: 'POST', url: this.#url, body: lines.join('\n'), headers: { 'content-type': 'text/plain; charset=utf-8' },
      connectTimeoutMs: this.#options.connectTimeoutMs, timeoutMs: this.#options.connectTimeoutMs + this.#options.writeTimeoutMs,
    })
    checkAccepted(response, 'write')
  }

  async close(): Promise<void> {}
}
