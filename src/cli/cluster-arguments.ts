import { CliUsageError } from '../errors.js'
import { parseHostAndPort } from '../util/host-and-port.js'
import { DEFAULT_REST_ADDRESS } from './rest-client.js'

/** The arguments of a verb that talks to a running job: `-m host:port`, its own flags, and positional arguments. */
export interface ClusterArguments {
  readonly address: string
  readonly flags: ReadonlySet<string>
  readonly options: ReadonlyMap<string, string>
  readonly positionals: readonly string[]
}

/**
 * Parses `[-m|--jobmanager host:port] [flags] [options value] positionals...` as Flink's CLI does; `flags` and
 * `valueOptions` list the other switches the verb knows, each under all its spellings (the first is the canonical one).
 */
export function parseClusterArguments(command: string, args: readonly string[], spec: {
  readonly flags?: readonly (readonly string[])[]
  readonly valueOptions?: readonly (readonly string[])[]
} = {}): ClusterArguments {
  let address = DEFAULT_REST_ADDRESS
  const flags = new Set<string>()
  const options = new Map<string, string>()
  const positionals: string[] = []
  const canonical = (spellings: readonly (readonly string[])[] | undefined, arg: string) => spellings?.find((s) => s.includes(arg))?.[0]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '-m' || arg === '--jobmanager') {
      const value = args[++i]
      if (value === undefined || value.startsWith('-')) throw new CliUsageError(`${arg} needs the REST address of a running job, e.g. ${arg} ${DEFAULT_REST_ADDRESS}`)
      // a port past 65535 or a stray space would otherwise read as "nothing is listening there"
      if (parseHostAndPort(value.replace(/^https?:\/\//, '').replace(/\/+$/, '')) === undefined) {
        throw new CliUsageError(`'${value}' is not a REST address; write host:port (a port from 1 to 65535), e.g. ${arg} ${DEFAULT_REST_ADDRESS}`)
      }
      address = value
    } else if (canonical(spec.flags, arg) !== undefined) {
      flags.add(canonical(spec.flags, arg)!)
    } else if (canonical(spec.valueOptions, arg) !== undefined) {
      const value = args[++i]
      if (value === undefined || value.startsWith('-')) throw new CliUsageError(`${arg} needs a value`)
      options.set(canonical(spec.valueOptions, arg)!, value)
    } else if (arg.startsWith('-')) {
      throw new CliUsageError(`unknown option '${arg}' for '${command}'`)
    } else {
      positionals.push(arg)
    }
  }
  return { address, flags, options, positionals }
}

/** A job id positional: 32 hexadecimal characters, as `sluice run` and `sluice list` print it. */
export function jobIdArgument(command: string, value: string | undefined): string {
  if (value === undefined) throw new CliUsageError(`'${command}' needs a job id; 'sluice list' shows them`)
  if (!/^[0-9a-fA-F]{32}$/.test(value)) throw new CliUsageError(`'${value}' is not a job id (32 hexadecimal characters, as 'sluice list' shows)`)
  return value.toLowerCase()
}
