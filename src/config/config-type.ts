/** The outcome of parsing one raw configuration string: the value, or what a valid value looks like. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly expected: string }

/** How values of one configuration type are parsed from strings, checked, documented and written back. */
export interface ConfigType<T> {
  /** Type as shown in docs/config.md, with its range, e.g. `Integer, 1 to 32768`. */
  readonly docName: string
  /** What a valid value looks like; completes "expected …" in error messages. */
  readonly expected: string
  /** Parses a raw string (from -D or a config file) into a value, or says what was expected. */
  parse(raw: string): ParseResult<T>
  /** Writes a value back in the form `parse` reads, e.g. for the REST /config endpoint. */
  format(value: T): string
  /** Folds one `<key>.<mapKey>: value` entry into the value; only map types define it (Flink's prefix maps). */
  mergePrefixEntry?(previous: T | undefined, mapKey: string, raw: string): T
}

/** Builds a successful ParseResult. */
export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value }
}

/** Builds a failed ParseResult that says what was expected instead. */
export function rejected<T>(expected: string): ParseResult<T> {
  return { ok: false, expected }
}

/** Bounds of a numeric configuration value, both inclusive. */
export interface NumericRange {
  readonly min?: number
  readonly max?: number
}

// Java's int range: Flink stores these options as Integer, so larger values fail there too
const INT_MIN = -2_147_483_648
const INT_MAX = 2_147_483_647

/** Describes a bounded range in words, e.g. "of at least 1" or "from 1 to 32768". */
export function describeRange(range: NumericRange, format: (n: number) => string = String): string {
  const { min, max } = range
  if (min !== undefined && max !== undefined) return `from ${format(min)} to ${format(max)}`
  if (min !== undefined) return `of at least ${format(min)}`
  if (max !== undefined) return `of at most ${format(max)}`
  return ''
}

function withRange(base: string, range: NumericRange, format?: (n: number) => string): string {
  const words = describeRange(range, format)
  return words === '' ? base : `${base} ${words}`
}

/** A type name with its range for docs/config.md, e.g. "Integer (1 to 32768)" or "Duration (≥ 10 ms)". */
export function docRange(base: string, range: NumericRange, format: (n: number) => string = String): string {
  const { min, max } = range
  if (min !== undefined && max !== undefined) return `${base} (${format(min)} to ${format(max)})`
  if (min !== undefined) return `${base} (≥ ${format(min)})`
  if (max !== undefined) return `${base} (≤ ${format(max)})`
  return base
}

/** Whether `value` lies within `range`. */
export function isInRange(value: number, range: NumericRange): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max)
}

/** A 32-bit integer (Flink's `Integer`), optionally bounded. */
export function integerType(range: NumericRange = {}): ConfigType<number> {
  const bounds = { min: range.min ?? INT_MIN, max: range.max ?? INT_MAX }
  const expected = withRange('an integer', range)
  return {
    docName: docRange('Integer', range),
    expected,
    parse(raw) {
      const text = raw.trim()
      if (!/^[+-]?\d+$/.test(text)) return rejected(expected)
      const value = Number(text)
      return isInRange(value, bounds) ? parsed(value) : rejected(expected)
    },
    format: (value) => String(value),
  }
}

/** A finite decimal number (Flink's `Float`/`Double`), optionally bounded. */
export function floatType(range: NumericRange = {}): ConfigType<number> {
  const expected = withRange('a number', range)
  return {
    docName: docRange('Float', range),
    expected,
    parse(raw) {
      const text = raw.trim()
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return rejected(expected)
      const value = Number(text)
      return Number.isFinite(value) && isInRange(value, range) ? parsed(value) : rejected(expected)
    },
    format: (value) => String(value),
  }
}

const BOOLEAN_EXPECTED = "'true' or 'false'"

/** `true` or `false`, case-insensitive like Flink. */
export const booleanType: ConfigType<boolean> = {
  docName: 'Boolean',
  expected: BOOLEAN_EXPECTED,
  parse(raw) {
    const text = raw.trim().toLowerCase()
    if (text === 'true') return parsed(true)
    if (text === 'false') return parsed(false)
    return rejected(BOOLEAN_EXPECTED)
  },
  format: (value) => String(value),
}

/** Any string, kept exactly as given. */
export const stringType: ConfigType<string> = {
  docName: 'String',
  expected: 'a string',
  parse: (raw) => parsed(raw),
  format: (value) => value,
}

/**
 * One of a closed set of values, matched case-insensitively and normalized to its canonical spelling;
 * `aliases` maps further accepted spellings (compared lowercase) to a canonical value.
 */
export function enumType<const V extends string>(
  values: readonly V[],
  aliases: Readonly<Record<string, V>> = {},
): ConfigType<V> {
  const byLowercase = new Map<string, V>()
  for (const value of values) byLowercase.set(value.toLowerCase(), value)
  for (const [alias, value] of Object.entries(aliases)) byLowercase.set(alias.toLowerCase(), value)
  const aliasNames = Object.keys(aliases)
  const expected = `one of ${values.join(', ')}` +
    (aliasNames.length > 0 ? ` (also accepted: ${aliasNames.join(', ')})` : '') + ', case-insensitive'
  return {
    docName: `Enum: ${values.join(', ')}`,
    expected,
    parse(raw) {
      const value = byLowercase.get(raw.trim().toLowerCase())
      return value !== undefined ? parsed(value) : rejected(expected)
    },
    format: (value) => value,
  }
}
