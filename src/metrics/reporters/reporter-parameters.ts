import { InvalidMetricReporterConfigError } from '../../errors.js'
import { parseHostAndPort } from '../../util/host-and-port.js'
import { portsOf } from './port-range.js'
import type { ReporterSetup } from './reporter-setup.js'

/** Reads a reporter's `metrics.reporter.<name>.<parameter>` values; a missing or invalid one is a user error naming its key. */
export class ReporterParameters {
  constructor(readonly setup: ReporterSetup) {}

  /** The full key of a parameter, for error messages. */
  key(parameter: string): string {
    return `metrics.reporter.${this.setup.settings.name}.${parameter}`
  }

  optional<T>(parameter: string): T | undefined {
    return this.setup.value<T>(parameter)
  }

  /** A parameter the reporter cannot work without; `why` says so in the error. */
  required<T>(parameter: string, why: string): T {
    const value = this.setup.value<T>(parameter)
    if (value === undefined || value === '') throw new InvalidMetricReporterConfigError(this.key(parameter), why)
    return value
  }

  /** `host`: a host name or address without port (a space or a stray scheme would otherwise fail only at the first send). */
  requiredHost(why: string): string {
    const host = this.required<string>('host', why)
    const parsed = parseHostAndPort(host)
    if (parsed === undefined || parsed.port !== undefined) {
      throw new InvalidMetricReporterConfigError(this.key('host'), `'${host}' is not a host name or address (without port), e.g. 127.0.0.1`)
    }
    return host
  }

  /** `port`: one port from 1 to 65535, `fallback` when unset (required when there is none). */
  singlePort(fallback: number | undefined): number {
    const text = this.setup.value<string>('port')
    if (text === undefined) {
      if (fallback !== undefined) return fallback
      throw new InvalidMetricReporterConfigError(this.key('port'), `the ${this.setup.kind} reporter needs the port of its server`)
    }
    const ports = portsOf(text)
    if (ports.length !== 1 || ports[0]! < 1 || ports[0]! > 65_535) {
      throw new InvalidMetricReporterConfigError(this.key('port'), `'${text}' is not a single port from 1 to 65535`)
    }
    return ports[0]!
  }
}
