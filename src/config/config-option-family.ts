import { InvalidConfigRegistryError } from '../errors.js'
import type { ConfigOption } from './config-option.js'

/** What a ConfigOptionFamily is made of. */
export interface ConfigOptionFamilySpec {
  /** Every key of the family starts with this, e.g. `metrics.reporter.`. */
  readonly prefix: string
  /** The keys as shown in docs/config.md, e.g. `metrics.reporter.<name>.<parameter>`. */
  readonly pattern: string
  /** One sentence for docs/config.md. */
  readonly description: string
  /**
   * The option that `key` stands for, given the part after the prefix; undefined when that suffix is not valid.
   * The returned option's key must be `key` itself.
   */
  readonly resolve: (key: string, suffix: string) => ConfigOption<unknown> | undefined
  /** Valid keys of the family, offered as did-you-mean suggestions for a mistyped key (e.g. the same reporter). */
  readonly candidateKeys?: (key: string) => readonly string[]
}

/**
 * A registry entry for an open set of keys under a prefix, such as `metrics.reporter.<name>.<parameter>`, where
 * the suffix is validated (and typed) by code rather than listed one key at a time.
 */
export class ConfigOptionFamily {
  readonly prefix: string
  readonly pattern: string
  readonly description: string
  readonly #spec: ConfigOptionFamilySpec
  // one option object per key, so that repeated lookups agree on identity
  readonly #resolved = new Map<string, ConfigOption<unknown> | undefined>()

  constructor(spec: ConfigOptionFamilySpec) {
    this.prefix = spec.prefix
    this.pattern = spec.pattern
    this.description = spec.description
    this.#spec = spec
  }

  /** Whether `key` lies under this family's prefix (valid or not). */
  covers(key: string): boolean {
    return key.startsWith(this.prefix) && key.length > this.prefix.length
  }

  /** The option `key` stands for, or undefined when the key is not covered or its suffix is not valid. */
  resolve(key: string): ConfigOption<unknown> | undefined {
    if (!this.covers(key)) return undefined
    if (!this.#resolved.has(key)) {
      const option = this.#spec.resolve(key, key.slice(this.prefix.length))
      if (option !== undefined && option.key !== key) {
        throw new InvalidConfigRegistryError(key,
          `family '${this.pattern}' resolved it to an option for '${option.key}'`)
      }
      this.#resolved.set(key, option)
    }
    return this.#resolved.get(key)
  }

  /** Valid keys of the family that a mistyped `key` may have meant. */
  candidateKeys(key: string): readonly string[] {
    return this.#spec.candidateKeys?.(key) ?? []
  }
}
