/** Long.MAX_VALUE as Flink writes it (e.g. the checkpoint interval when periodic checkpoints are off). */
export const LONG_MAX = Symbol('Long.MAX_VALUE')
/** Long.MIN_VALUE as Flink writes it (e.g. a watermark before the first one). */
export const LONG_MIN = Symbol('Long.MIN_VALUE')

const LONG_MAX_TEXT = '9223372036854775807'
const LONG_MIN_TEXT = '-9223372036854775808'
// placeholders that cannot occur in a JSON string Sluice writes (a NUL character is escaped by JSON.stringify)
const LONG_MAX_PLACEHOLDER = '\u0000LONG_MAX\u0000'
const LONG_MIN_PLACEHOLDER = '\u0000LONG_MIN\u0000'

/** A JSON value as Flink's Jackson writes it, plus the two long sentinels JavaScript numbers cannot hold exactly. */
export type FlinkJson = string | number | boolean | null | typeof LONG_MAX | typeof LONG_MIN | readonly FlinkJson[] | { readonly [key: string]: FlinkJson | undefined }

/**
 * Serializes like Flink's REST mapper: NaN and infinities become the strings "NaN", "Infinity", "-Infinity"
 * (Jackson's QUOTE_NON_NUMERIC_NUMBERS), LONG_MAX / LONG_MIN become the exact 64-bit integers, undefined fields are left out.
 */
export function toFlinkJson(value: FlinkJson): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v === LONG_MAX) return LONG_MAX_PLACEHOLDER
    if (v === LONG_MIN) return LONG_MIN_PLACEHOLDER
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
    return v
  })
  return text.replaceAll(JSON.stringify(LONG_MAX_PLACEHOLDER), LONG_MAX_TEXT).replaceAll(JSON.stringify(LONG_MIN_PLACEHOLDER), LONG_MIN_TEXT)
}

/** A timestamp or duration (a Java long, so rounded) that Flink writes as -1 while it has none. */
export function orMinusOne(value: number | undefined): number {
  return value === undefined || Number.isNaN(value) ? -1 : Math.round(value)
}

/** A metric value as Flink's metric store keeps it: `String.valueOf` of the number, with Long.MIN/MAX for ∓∞. */
export function metricValueString(value: number | string): string {
  if (typeof value === 'string') return value
  if (value === Number.NEGATIVE_INFINITY) return LONG_MIN_TEXT
  if (value === Number.POSITIVE_INFINITY) return LONG_MAX_TEXT
  return String(value)
}
