import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InvalidMetricReporterConfigError } from '../../errors.js'
import type { MetricRegistry } from '../metric-registry.js'
import { type MetricReporter, type ReporterSettings, reportedMetrics } from './metric-reporter.js'
import { portsOf } from './port-range.js'
import { renderPrometheusText } from './prometheus-text-format.js'

/** Flink's default port of the Prometheus reporter. */
export const DEFAULT_PROMETHEUS_PORT = '9249'
/** Sluice binds to loopback unless told otherwise (`.host`), like rest.address. */
export const DEFAULT_PROMETHEUS_HOST = '127.0.0.1'

/** What the pull reporter needs. */
export interface PrometheusReporterOptions {
  readonly registry: MetricRegistry
  readonly settings: ReporterSettings
  readonly host: string
  /** A port, range or list of both: the first free one is used (Flink's PortRange). */
  readonly port: string
  readonly filterLabelValueCharacters: boolean
}

/**
 * Flink's PrometheusReporter: serves the registry's metrics in the text exposition format over HTTP, rendered on
 * each scrape from the job's snapshots, so a scrape never waits on the workers.
 */
export class PrometheusReporter implements MetricReporter {
  readonly #options: PrometheusReporterOptions
  #server: Server | undefined
  #port: number | undefined

  constructor(options: PrometheusReporterOptions) {
    this.#options = options
  }

  get target(): string {
    return `http://${this.#options.host}:${this.#port ?? this.#options.port}/metrics`
  }

  /** The port the endpoint listens on, once open. */
  get port(): number | undefined {
    return this.#port
  }

  /** Listens on the first free port of the range; rejects (naming the key) when none is free. */
  async open(): Promise<void> {
    const ports = portsOf(this.#options.port)
    let lastError: unknown
    for (const port of ports) {
      const server = createServer((request, response) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          response.writeHead(405).end()
          return
        }
        const body = renderPrometheusText(reportedMetrics(this.#options.registry, this.#options.settings),
          { filterLabelValueCharacters: this.#options.filterLabelValueCharacters })
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        response.end(request.method === 'HEAD' ? undefined : body)
      })
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(port, this.#options.host, () => resolve())
        })
        this.#server = server
        this.#port = (server.address() as AddressInfo).port
        return
      } catch (thrown) {
        lastError = thrown
      }
    }
    throw new InvalidMetricReporterConfigError(`metrics.reporter.${this.#options.settings.name}.port`,
      `cannot listen on ${this.#options.host}:${this.#options.port}: ${lastError instanceof Error ? lastError.message : String(lastError)}`)
  }

  async close(): Promise<void> {
    const server = this.#server
    if (server === undefined) return
    this.#server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
