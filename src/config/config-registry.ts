import { InvalidConfigRegistryError } from '../errors.js'
import type { ConfigOption } from './config-option.js'
import type { ConfigOptionFamily } from './config-option-family.js'
import { editDistance } from './edit-distance.js'

/** What a raw configuration key stands for in a registry. */
export type ConfigKeyResolution =
  /** The key names an option, by its current name or a deprecated one. */
  | { readonly kind: 'option'; readonly option: ConfigOption<unknown>; readonly isDeprecatedKey: boolean }
  /** The key is `<mapOptionKey>.<mapKey>`: one entry of a map option (Flink's prefix map). */
  | {
    readonly kind: 'map-entry'; readonly option: ConfigOption<unknown>; readonly isDeprecatedKey: boolean
    readonly mapKey: string
  }
  /** Nothing matches; `suggestion` is a close valid key, if there is one. */
  | { readonly kind: 'unknown'; readonly suggestion: string | undefined }

interface KeyBinding {
  readonly option: ConfigOption<unknown>
  readonly isDeprecatedKey: boolean
}

interface MapPrefix extends KeyBinding {
  readonly prefix: string
}

/** Resolves raw configuration keys to options: exact keys, deprecated keys, map entries and key families. */
export class ConfigRegistry {
  readonly options: readonly ConfigOption<unknown>[]
  readonly families: readonly ConfigOptionFamily[]
  readonly #byKey = new Map<string, KeyBinding>()
  readonly #mapPrefixes: readonly MapPrefix[]

  constructor(options: readonly ConfigOption<unknown>[], families: readonly ConfigOptionFamily[] = []) {
    this.options = Object.freeze([...options])
    this.families = Object.freeze([...families])
    const mapPrefixes: MapPrefix[] = []
    for (const option of options) {
      this.#bind(option.key, { option, isDeprecatedKey: false })
      for (const key of option.deprecatedKeys) this.#bind(key, { option, isDeprecatedKey: true })
      if (option.type.mergePrefixEntry !== undefined) {
        mapPrefixes.push({ prefix: `${option.key}.`, option, isDeprecatedKey: false })
        for (const key of option.deprecatedKeys) mapPrefixes.push({ prefix: `${key}.`, option, isDeprecatedKey: true })
      }
    }
    // the longest prefix is the most specific map option
    this.#mapPrefixes = mapPrefixes.sort((a, b) => b.prefix.length - a.prefix.length)
  }

  #bind(key: string, binding: KeyBinding): void {
    const existing = this.#byKey.get(key)
    if (existing !== undefined) {
      throw new InvalidConfigRegistryError(key,
        `it is defined by both '${existing.option.key}' and '${binding.option.key}'; define every key once`)
    }
    this.#byKey.set(key, binding)
  }

  /** The option whose current name is `key`, if any. */
  option(key: string): ConfigOption<unknown> | undefined {
    const binding = this.#byKey.get(key)
    return binding !== undefined && !binding.isDeprecatedKey ? binding.option : undefined
  }

  /** What `key` stands for; exact and deprecated keys win over map entries, which win over families. */
  resolve(key: string): ConfigKeyResolution {
    const binding = this.#byKey.get(key)
    if (binding !== undefined) return { kind: 'option', ...binding }
    const mapPrefix = this.#mapPrefixes.find(({ prefix }) => key.startsWith(prefix) && key.length > prefix.length)
    if (mapPrefix !== undefined) {
      const { option, isDeprecatedKey, prefix } = mapPrefix
      return { kind: 'map-entry', option, isDeprecatedKey, mapKey: key.slice(prefix.length) }
    }
    for (const family of this.families) {
      const option = family.resolve(key)
      if (option !== undefined) return { kind: 'option', option, isDeprecatedKey: false }
    }
    return { kind: 'unknown', suggestion: this.suggest(key) }
  }

  /** The current name of the valid key closest to `key`, when it is close enough to be a likely typo. */
  suggest(key: string): string | undefined {
    const lowercaseKey = key.toLowerCase()
    // about one typo per six characters, at most three: close enough to be a typo, far enough to stay quiet
    const maxDistance = Math.max(1, Math.min(3, Math.floor(key.length / 6)))
    let best: { key: string; distance: number } | undefined
    const consider = (candidate: string, suggestion: string): void => {
      const distance = editDistance(lowercaseKey, candidate.toLowerCase())
      if (distance <= maxDistance && (best === undefined || distance < best.distance)) {
        best = { key: suggestion, distance }
      }
    }
    for (const [candidate, { option }] of this.#byKey) consider(candidate, option.key)
    for (const family of this.families) {
      for (const candidate of family.candidateKeys(key)) consider(candidate, candidate)
    }
    return best?.key
  }
}
