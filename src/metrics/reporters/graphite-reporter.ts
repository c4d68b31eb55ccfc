import { createSocket } from 'node:dgram'
import { connect } from 'node:net'
import { MetricDeliveryError } from '../../errors.js'
import type { Clock } from '../../util/clock.js'
import type { MetricRegistry } from '../metric-registry.js'
import { graphiteLines } from './graphite-plaintext.js'
import { type MetricReporter, type ReporterSettings, reportedMetrics } from './metric-reporter.js'

/** What the Graphite reporter needs. */
export interface GraphiteReporterOptions {
  readonly registry: MetricRegistry
  readonly settings: ReporterSettings
  readonly clock: Clock
  readonly host: string
  readonly port: number
  readonly protocol: 'TCP' | 'UDP'
  /** Time allowed for one report (connect and write). */
  readonly timeoutMs: number
}

// stay below a typical MTU so that no datagram is fragmented
const MAX_DATAGRAM_BYTES = 1400

/** Flink's GraphiteReporter: every interval sends all metrics as plaintext lines over TCP (one connection per report) or UDP. */
export class GraphiteReporter implements MetricReporter {
  readonly #options: GraphiteReporterOptions

  constructor(options: GraphiteReporterOptions) {
    this.#options = options
  }

  get target(): string {
    return `${this.#options.protocol.toLowerCase()}://${this.#options.host}:${this.#options.port}`
  }

  async open(): Promise<void> {}

  async report(): Promise<void> {
    const lines = graphiteLines(reportedMetrics(this.#options.registry, this.#options.settings),
      this.#options.settings.delimiter, this.#options.clock.nowMs())
    if (lines.length === 0) return
    if (this.#options.protocol === 'TCP') await this.#sendTcp(lines.map((l) => `${l}\n`).join(''))
    else await this.#sendUdp(lines)
  }

  async close(): Promise<void> {}

  #sendTcp(payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.#options.host, port: this.#options.port })
      const timer = setTimeout(() => socket.destroy(new MetricDeliveryError(`not sent within ${this.#options.timeoutMs} ms`)), this.#options.timeoutMs)
      socket.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      socket.once('connect', () => socket.end(payload))
      socket.once('close', (hadError) => {
        clearTimeout(timer)
        if (!hadError) resolve()
      })
    })
  }

  async #sendUdp(lines: readonly string[]): Promise<void> {
    const socket = createSocket(this.#options.host.includes(':') ? 'udp6' : 'udp4')
    try {
      let datagram = ''
      const flush = async (): Promise<void> => {
        if (datagram === '') return
        const payload = datagram
        datagram = ''
        await new Promise<void>((resolve, reject) => {
          socket.send(payload, this.#options.port, this.#options.host, (error) => (error ? reject(error) : resolve()))
        })
      }
      for (const line of lines) {
        if (Buffer.byteLength(datagram) + line.length + 1 > MAX_DATAGRAM_BYTES) await flush()
        datagram += `${line}\n`
      }
      await flush()
    } finally {
      socket.close()
    }
  }
}
