import { InvalidConfigValueError, UnknownConfigKeyError } from '../errors.js'
import type { ConfigEntry } from './config-entry.js'
import type { ConfigOption } from './config-option.js'
import type { ConfigRegistry } from './config-registry.js'

/** An entry whose key the registry has resolved; `mapKey` is set for a `<mapOption>.<mapKey>` entry. */
interface ResolvedEntry {
  readonly entry: ConfigEntry
  readonly option: ConfigOption<unknown>
  readonly isDeprecatedKey: boolean
  readonly mapKey: string | undefined
}

/** One `fromEntries` or `with` call's entries; later layers override earlier ones. */
type Layer = readonly ResolvedEntry[]

interface ResolvedValue {
  readonly value: unknown
  readonly origin: string
}

/**
 * Validated configuration: raw entries checked against a registry (unknown keys and ill-typed values are rejected
 * up front, naming their origin), read back through typed options. Instances never change; `with` makes a new one.
 *
 * Precedence, as in Flink: within one set of entries a key's current name beats its deprecated names whatever the
 * order, and otherwise the later entry wins; entries added by `with` override everything before them.
 */
export class Configuration {
  /** One line per deprecated key in use, naming its replacement; the caller logs them. */
  readonly deprecationHints: readonly string[]
  readonly #registry: ConfigRegistry
  readonly #layers: readonly Layer[]
  // memoized get(); keyed by option object because two option objects may share a key but not a type
  readonly #values = new Map<ConfigOption<unknown>, ResolvedValue | undefined>()

  private constructor(registry: ConfigRegistry, layers: readonly Layer[], deprecationHints: readonly string[]) {
    this.#registry = registry
    this.#layers = Object.freeze(layers)
    this.deprecationHints = Object.freeze([...new Set(deprecationHints)])
  }

  /** A configuration with nothing set: every option reads as its default. */
  static empty(registry: ConfigRegistry): Configuration {
    return new Configuration(registry, [], [])
  }

  /**
   * Validates `entries` against `registry`: an unknown key is an UnknownConfigKeyError (with a did-you-mean when
   * a valid key is close), an ill-typed or out-of-range value an InvalidConfigValueError naming its origin.
   */
  static fromEntries(entries: readonly ConfigEntry[], registry: ConfigRegistry): Configuration {
    return Configuration.empty(registry).with(entries)
  }

  /** A new configuration in which `entries` (validated like `fromEntries`) override this one's. */
  with(entries: readonly ConfigEntry[]): Configuration {
    const layer = entries.map((entry) => resolveEntry(entry, this.#registry))
    return new Configuration(this.#registry, [...this.#layers, layer],
      [...this.deprecationHints, ...deprecationHintsOf(layer)])
  }

  /** The option's value: the configured one, else its default (`undefined` for an option without default). */
  get<T>(option: ConfigOption<T>): T {
    const resolved = this.#resolve(option)
    return resolved === undefined ? option.defaultValue : resolved.value as T
  }

  /** Whether the option was set by any entry (under its current name, a deprecated name or as map entries). */
  isSet(option: ConfigOption<unknown>): boolean {
    return this.#layers.some((layer) => layer.some((resolved) => resolved.option.key === option.key))
  }

  /** Where the option's effective value came from (e.g. "-D", "config.yaml:12"); undefined when it is unset. */
  originOf(option: ConfigOption<unknown>): string | undefined {
    return this.#resolve(option)?.origin
  }

  /** The canonical keys set under `prefix`, sorted; how a key family (e.g. `metrics.reporter.`) finds its members. */
  keysUnder(prefix: string): readonly string[] {
    return [...this.#setOptions().keys()].filter((key) => key.startsWith(prefix))
  }

  /** Every set option as canonical key → value in its canonical written form, sorted by key (for REST /config). */
  toMap(): ReadonlyMap<string, string> {
    const map = new Map<string, string>()
    for (const [key, option] of this.#setOptions()) {
      const resolved = this.#resolve(option)
      if (resolved !== undefined) map.set(key, option.type.format(resolved.value))
    }
    return map
  }

  #setOptions(): Map<string, ConfigOption<unknown>> {
    const options = new Map<string, ConfigOption<unknown>>()
    for (const layer of this.#layers) {
      for (const { option } of layer) options.set(option.key, option)
    }
    return new Map([...options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }

  #resolve<T>(option: ConfigOption<T>): ResolvedValue | undefined {
    if (!this.#values.has(option)) this.#values.set(option, this.#compute(option))
    return this.#values.get(option)
  }

  // Applies the option's entries in precedence order: layer by layer, deprecated names before the current name.
  // Parsing here uses the *given* option's type, so reading with any option object for the key stays type-safe.
  #compute<T>(option: ConfigOption<T>): ResolvedValue | undefined {
    let value: Exclude<T, undefined> | undefined
    let origin: string | undefined
    for (const layer of this.#layers) {
      for (const isDeprecatedPass of [true, false]) {
        for (const resolved of layer) {
          if (resolved.option.key !== option.key || resolved.isDeprecatedKey !== isDeprecatedPass) continue
          const { entry, mapKey } = resolved
          if (mapKey !== undefined && option.type.mergePrefixEntry !== undefined) {
            value = option.type.mergePrefixEntry(value, mapKey, entry.value)
          } else {
            const result = option.type.parse(entry.value)
            if (!result.ok) throw new InvalidConfigValueError(entry.key, entry.value, result.expected, entry.origin)
            value = result.value
          }
          origin = entry.origin
        }
      }
    }
    return value === undefined || origin === undefined ? undefined : { value, origin }
  }
}

function resolveEntry(entry: ConfigEntry, registry: ConfigRegistry): ResolvedEntry {
  const resolution = registry.resolve(entry.key)
  switch (resolution.kind) {
    case 'unknown':
      throw new UnknownConfigKeyError(entry.key, entry.origin, resolution.suggestion)
    case 'map-entry':
      return {
        entry, option: resolution.option, isDeprecatedKey: resolution.isDeprecatedKey, mapKey: resolution.mapKey,
      }
    case 'option': {
      // validate now, so a bad value fails at startup with its origin rather than at first use
      const result = resolution.option.type.parse(entry.value)
      if (!result.ok) throw new InvalidConfigValueError(entry.key, entry.value, result.expected, entry.origin)
      return { entry, option: resolution.option, isDeprecatedKey: resolution.isDeprecatedKey, mapKey: undefined }
    }
  }
}

function deprecationHintsOf(layer: Layer): string[] {
  const hints: string[] = []
  for (const { entry, option, isDeprecatedKey, mapKey } of layer) {
    if (!isDeprecatedKey) continue
    const replacement = mapKey === undefined ? option.key : `${option.key}.${mapKey}`
    // the current name is applied after all deprecated names of the same layer: an exact entry replaces the whole
    // value, a map entry only its own map key
    const shadowedBy = layer.find((other) => other.option.key === option.key && !other.isDeprecatedKey &&
      (other.mapKey === undefined || other.mapKey === mapKey))
    hints.push(`'${entry.key}' is deprecated; use '${replacement}' (from ${entry.origin})` +
      (shadowedBy !== undefined ? `; ignored because '${shadowedBy.entry.key}' is also set` : ''))
  }
  return hints
}
