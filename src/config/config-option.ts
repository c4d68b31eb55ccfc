import {
  type ConfigType, type NumericRange, booleanType, enumType, floatType, integerType, rejected, stringType,
} from './config-type.js'
import { type DurationRange, durationType } from './duration-type.js'
import { listType } from './list-type.js'
import { mapType } from './map-type.js'
import { type MemorySizeRange, memorySizeType } from './memory-size-type.js'

/**
 * One configuration key: its type, default, one-sentence description and the deprecated names it is still read
 * from. `T` includes `undefined` exactly when the option has no default, so `Configuration.get` is typed soundly.
 */
export class ConfigOption<T> {
  constructor(
    readonly key: string,
    readonly type: ConfigType<Exclude<T, undefined>>,
    readonly defaultValue: T,
    readonly description: string,
    readonly deprecatedKeys: readonly string[] = [],
    /** Default as shown in docs/config.md when the formatted value misleads (Flink's `@OverrideDefault`). */
    readonly docDefault?: string,
  ) {
    Object.freeze(this.deprecatedKeys)
    Object.freeze(this)
  }

  /** Whether `get` returns a value while the key is unset. */
  get hasDefault(): boolean {
    return this.defaultValue !== undefined
  }

  /** A copy that is also read from these older key names; the key's current name wins when both are set. */
  withDeprecatedKeys(...keys: string[]): ConfigOption<T> {
    return new ConfigOption(this.key, this.type, this.defaultValue, this.description,
      [...this.deprecatedKeys, ...keys], this.docDefault)
  }

  /** A copy whose values must also pass `check`, which returns what was expected when it rejects a value. */
  withCheck(check: (value: Exclude<T, undefined>) => string | undefined): ConfigOption<T> {
    const type = this.type
    const checked: ConfigType<Exclude<T, undefined>> = {
      docName: type.docName,
      expected: type.expected,
      parse(raw) {
        const result = type.parse(raw)
        if (!result.ok) return result
        const expected = check(result.value)
        return expected === undefined ? result : rejected(expected)
      },
      format: (value) => type.format(value),
      ...(type.mergePrefixEntry !== undefined ? { mergePrefixEntry: type.mergePrefixEntry.bind(type) } : {}),
    }
    return new ConfigOption(this.key, checked, this.defaultValue, this.description, this.deprecatedKeys,
      this.docDefault)
  }

  /** A copy whose default reads as `text` in docs/config.md, e.g. 'infinite' for Integer.MAX_VALUE. */
  withDocDefault(text: string): ConfigOption<T> {
    return new ConfigOption(this.key, this.type, this.defaultValue, this.description, this.deprecatedKeys, text)
  }
}

/**
 * A check for `withCheck` that refuses an empty or blank value, for keys where one would silently mean something else
 * (the working directory, every network interface, a nameless job); `expected` says what to write instead.
 */
export function nonEmpty(expected: string): (value: string) => string | undefined {
  return (value) => (value.trim() === '' ? `${expected}, not an empty value` : undefined)
}

/** Marks an option without a default: `Configuration.get` returns `undefined` for it while the key is unset. */
export const noDefault = undefined

// Shared by the constructors below. `D extends V | undefined`, so `Exclude<V | D, undefined>` is exactly `V`;
// TypeScript cannot see that for a generic D, hence the one cast.
function option<V, D extends V | undefined>(
  key: string, type: ConfigType<V>, defaultValue: D, description: string,
): ConfigOption<V | D> {
  return new ConfigOption<V | D>(key, type as ConfigType<Exclude<V | D, undefined>>, defaultValue, description)
}

/** A duration option; values and the default are milliseconds ("200", "200 ms", "10 s", "1 min"). */
export function durationOption<D extends number | undefined>(
  key: string, defaultMs: D, description: string, range: DurationRange = {},
): ConfigOption<number | D> {
  return option(key, durationType(range), defaultMs, description)
}

/** A memory size option; values and the default are bytes ("32 kb", "64mb", "1g", all 1024-based). */
export function memorySizeOption<D extends number | undefined>(
  key: string, defaultBytes: D, description: string, range: MemorySizeRange = {},
): ConfigOption<number | D> {
  return option(key, memorySizeType(range), defaultBytes, description)
}

/** A 32-bit integer option, optionally bounded (both bounds inclusive). */
export function integerOption<D extends number | undefined>(
  key: string, defaultValue: D, description: string, range: NumericRange = {},
): ConfigOption<number | D> {
  return option(key, integerType(range), defaultValue, description)
}

/** A decimal number option, optionally bounded (both bounds inclusive). */
export function floatOption<D extends number | undefined>(
  key: string, defaultValue: D, description: string, range: NumericRange = {},
): ConfigOption<number | D> {
  return option(key, floatType(range), defaultValue, description)
}

/** A boolean option: `true` or `false`, case-insensitive. */
export function booleanOption<D extends boolean | undefined>(
  key: string, defaultValue: D, description: string,
): ConfigOption<boolean | D> {
  return option(key, booleanType, defaultValue, description)
}

/** A string option, taken verbatim. */
export function stringOption<D extends string | undefined>(
  key: string, defaultValue: D, description: string,
): ConfigOption<string | D> {
  return option(key, stringType, defaultValue, description)
}

/**
 * An option with a closed set of values, matched case-insensitively and normalized to the spelling in `values`;
 * `aliases` maps further accepted spellings to a value (e.g. 'fixeddelay' → 'fixed-delay').
 */
export function enumOption<const V extends string, D extends V | undefined>(
  key: string, values: readonly V[], defaultValue: D, description: string,
  aliases: Readonly<Record<string, NoInfer<V>>> = {},
): ConfigOption<V | D> {
  return option(key, enumType(values, aliases), defaultValue, description)
}

/** A string-to-string map option, written `k1:v1,k2:v2` or one `<key>.<mapKey>` entry per map key. */
export function mapOption<D extends ReadonlyMap<string, string> | undefined>(
  key: string, defaultValue: D, description: string,
): ConfigOption<ReadonlyMap<string, string> | D> {
  return option(key, mapType, defaultValue, description)
}

/** A list-of-strings option, written Flink's way: `a;b;c`. */
export function listOption<D extends readonly string[] | undefined>(
  key: string, defaultValue: D, description: string,
): ConfigOption<readonly string[] | D> {
  return option(key, listType, defaultValue, description)
}
