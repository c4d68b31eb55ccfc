import { randomBytes } from 'node:crypto'
import { InvalidMetricReporterConfigError } from '../../errors.js'
import type { MetricRegistry } from '../metric-registry.js'
import { checkAccepted, sendHttpRequest } from './http-request.js'
import { type MetricReporter, type ReporterSettings, reportedMetrics } from './metric-reporter.js'
import { renderPrometheusText } from './prometheus-text-format.js'

/** What the push reporter needs. */
export interface PrometheusPushGatewayReporterOptions {
  readonly registry: MetricRegistry
  readonly settings: ReporterSettings
  /** Scheme, host and port of the Pushgateway, e.g. http://127.0.0.1:9091. */
  readonly hostUrl: string
  /** The job name as pushed, suffix included. */
  readonly jobName: string
  readonly groupingKey: ReadonlyMap<string, string>
  readonly deleteOnShutdown: boolean
  readonly filterLabelValueCharacters: boolean
  /** Time allowed for one push or delete. */
  readonly timeoutMs: number
}

/** Flink's random job name suffix: a 32-hex-digit AbstractID appended without separator. */
export function pushGatewayJobName(configured: string, hasRandomSuffix: boolean): string {
  return hasRandomSuffix ? `${configured}${randomBytes(16).toString('hex')}` : configured
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Parses a grouping key `k1=v1;k2=v2`; `key` names the configuration key in errors. */
export function parseGroupingKey(text: string, key: string): ReadonlyMap<string, string> {
  const groupingKey = new Map<string, string>()
  for (const pair of text.split(';')) {
    if (pair.trim() === '') continue
    const eq = pair.indexOf('=')
    const label = eq < 0 ? '' : pair.slice(0, eq).trim()
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim()
    if (!LABEL_NAME.test(label) || value === '') {
      throw new InvalidMetricReporterConfigError(key, `'${pair}' is not a label=value pair with a valid label name; write k1=v1;k2=v2`)
    }
    groupingKey.set(label, value)
  }
  return groupingKey
}

/** The group URL `<hostUrl>/metrics/job/<job>{/<label>/<value>}`, encoded as the Prometheus Java client does. */
export function pushGatewayGroupUrl(hostUrl: string, jobName: string, groupingKey: ReadonlyMap<string, string>): string {
  const segment = (label: string, value: string): string => {
    if (value === '') return `${label}@base64/=`
    if (value.includes('/')) return `${label}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`
    return `${label}/${encodeURIComponent(value)}`
  }
  return [`${hostUrl.replace(/\/+$/, '')}/metrics`, segment('job', jobName), ...[...groupingKey].map(([l, v]) => segment(l, v))].join('/')
}

/**
 * Flink's PrometheusPushGatewayReporter: every interval PUTs all metrics to the job's group (replacing what was
 * there), and DELETEs the group on shutdown when deleteOnShutdown.
 */
export class PrometheusPushGatewayReporter implements MetricReporter {
  readonly #options: PrometheusPushGatewayReporterOptions
  readonly #groupUrl: string

  constructor(options: PrometheusPushGatewayReporterOptions) {
    this.#options = options
    this.#groupUrl = pushGatewayGroupUrl(options.hostUrl, options.jobName, options.groupingKey)
  }

  get target(): string {
    return this.#groupUrl
  }

  async open(): Promise<void> {}

  async report(): Promise<void> {
    const body = renderPrometheusText(reportedMetrics(this.#options.registry, this.#options.settings),
      { filterLabelValueCharacters: this.#options.filterLabelValueCharacters })
    await this.#send('PUT', body)
  }

  async close(): Promise<void> {
    if (this.#options.deleteOnShutdown) await this.#send('DELETE')
  }

  async #send(method: 'PUT' | 'DELETE', body?: string): Promise<void> {
    const response = await sendHttpRequest({
      method, url: this.#groupUrl, ...(body !== undefined ? { body } : {}),
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
      connectTimeoutMs: this.#options.timeoutMs, timeoutMs: this.#options.timeoutMs,
    })
    checkAccepted(response, method)
  }
}
