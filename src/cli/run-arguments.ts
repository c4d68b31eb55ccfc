import type { ConfigEntry } from '../config/config-entry.js'
import { parseDynamicProperties } from '../config/dynamic-properties.js'
import { CliUsageError } from '../errors.js'

/** What `sluice run` was asked to do. */
export interface RunArguments {
  readonly jobPath: string
  readonly configEntries: readonly ConfigEntry[]
  readonly jobArgs: readonly string[]
  /** `-s` / `--fromSavepoint`: a chk-<n> or savepoint directory to resume from. */
  readonly restorePath?: string
  /** `--allowNonRestoredState` / `-n`: drop state of operators the job no longer has. */
  readonly allowNonRestoredState: boolean
  /** `--keep-serving`: keep serving the REST API after the job ended, until Ctrl-C. */
  readonly isKeepServing: boolean
}

/**
 * Parses `run <job.ts> [-p N] [-D key=value]... [-- job args]` (flags may also come before the
 * job file, as with Flink's CLI). `-p N` is shorthand for `-D parallelism.default=N`.
 */
export function parseRunArguments(args: readonly string[]): RunArguments {
  const separator = args.indexOf('--')
  const own = separator < 0 ? args : args.slice(0, separator)
  const jobArgs = separator < 0 ? [] : args.slice(separator + 1)
  const { entries, remainingArgs } = parseDynamicProperties(own)
  const configEntries = [...entries]
  let jobPath: string | undefined
  let restorePath: string | undefined
  let allowNonRestoredState = false
  let isKeepServing = false
  for (let i = 0; i < remainingArgs.length; i++) {
    const arg = remainingArgs[i]!
    if (arg === '-s' || arg === '--fromSavepoint') {
      const value = remainingArgs[++i]
      if (value === undefined || value.startsWith('-')) throw new CliUsageError(`${arg} needs the path of a chk-<n> or savepoint directory, e.g. ${arg} /tmp/checkpoints/<job-id>/chk-7`)
      restorePath = value
    } else if (arg === '-n' || arg === '--allowNonRestoredState') {
      allowNonRestoredState = true
    } else if (arg === '--keep-serving') {
      isKeepServing = true
    } else if (arg === '-p' || arg === '--parallelism') {
      const value = remainingArgs[++i]
      if (value === undefined) throw new CliUsageError(`${arg} needs a value, e.g. ${arg} 2`)
      if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliUsageError(`invalid parallelism '${value}' for ${arg}: expected a whole number of at least 1`)
      configEntries.push({ key: 'parallelism.default', value, origin: arg })
    } else if (arg.startsWith('-')) {
      throw new CliUsageError(`unknown option '${arg}' for 'run'`)
    } else if (jobPath === undefined) {
      jobPath = arg
    } else {
      throw new CliUsageError(`unexpected argument '${arg}': job arguments go after '--'`)
    }
  }
  if (jobPath === undefined) throw new CliUsageError("'run' needs a job file, e.g. sluice run examples/demo.ts")
  return { jobPath, configEntries, jobArgs, allowNonRestoredState, isKeepServing, ...(restorePath !== undefined ? { restorePath } : {}) }
}
