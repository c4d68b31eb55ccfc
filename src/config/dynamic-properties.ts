import { MalformedDynamicPropertyError } from '../errors.js'
import type { ConfigEntry } from './config-entry.js'

/** The `-D` settings found on a command line, and every other argument in its original order. */
export interface DynamicProperties {
  readonly entries: readonly ConfigEntry[]
  readonly remainingArgs: readonly string[]
}

/** The origin recorded for every entry that comes from a `-D` argument. */
export const DYNAMIC_PROPERTY_ORIGIN = '-D'

/**
 * Collects Flink-style dynamic properties, `-Dkey=value` or `-D key=value` (the value may contain '='), into
 * entries with origin "-D"; a `--` ends option parsing and is passed on with everything after it.
 * A `-D` without `key=value` is a MalformedDynamicPropertyError.
 */
export function parseDynamicProperties(args: readonly string[]): DynamicProperties {
  const entries: ConfigEntry[] = []
  const remainingArgs: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') {
      remainingArgs.push(...args.slice(i))
      break
    }
    if (!arg.startsWith('-D')) {
      remainingArgs.push(arg)
      continue
    }
    let property = arg.slice(2)
    let written = arg
    if (property === '') {
      const next = args[i + 1]
      if (next === undefined) throw new MalformedDynamicPropertyError(arg, "'-D' is the last argument")
      property = next
      written = `-D ${next}`
      i += 1
    }
    entries.push(toEntry(property, written))
  }
  return { entries, remainingArgs }
}

function toEntry(property: string, written: string): ConfigEntry {
  const separator = property.indexOf('=')
  if (separator === -1) throw new MalformedDynamicPropertyError(written, "it has no '=' between key and value")
  const key = property.slice(0, separator).trim()
  if (key === '') throw new MalformedDynamicPropertyError(written, "the key before '=' is empty")
  return { key, value: property.slice(separator + 1), origin: DYNAMIC_PROPERTY_ORIGIN }
}
