import {
  type ConfigType, type ParseResult, describeRange, docRange, isInRange, parsed, rejected,
} from './config-type.js'

interface TimeUnit {
  readonly labels: readonly string[]
  /** Milliseconds per unit; fractional below a millisecond. */
  readonly ms: number
}

// Flink's TimeUtils labels, highest unit first; the first label is the one used when formatting
const TIME_UNITS: readonly TimeUnit[] = [
  { labels: ['d', 'day', 'days'], ms: 86_400_000 },
  { labels: ['h', 'hour', 'hours'], ms: 3_600_000 },
  { labels: ['min', 'm', 'minute', 'minutes'], ms: 60_000 },
  { labels: ['s', 'sec', 'secs', 'second', 'seconds'], ms: 1000 },
  { labels: ['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], ms: 1 },
  { labels: ['µs', 'micro', 'micros', 'microsecond', 'microseconds'], ms: 1e-3 },
  { labels: ['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], ms: 1e-6 },
]

const UNIT_BY_LABEL = new Map(TIME_UNITS.flatMap((unit) => unit.labels.map((label) => [label, unit] as const)))

const DURATION_FORM = "such as '200 ms', '10 s' or '1 min' " +
  '(a whole number and a unit: ms, s, min, h or d; a bare number means milliseconds)'

/** Parses a Flink duration ("200", "200 ms", "10 s", "1 min", "2 h", "1 d") into milliseconds, or says why not. */
export function parseDuration(text: string): ParseResult<number> {
  const result = parseDurationMs(text)
  return typeof result === 'number' ? parsed(result) : rejected(`a duration ${DURATION_FORM}; ${result}`)
}

/** Milliseconds, or the problem with the text, as Flink's `TimeUtils.parseDuration` decides it. */
function parseDurationMs(text: string): number | string {
  const trimmed = text.trim()
  if (trimmed === '') return 'the value is empty'
  const digits = /^\d*/.exec(trimmed)?.[0] ?? ''
  if (digits === '') {
    return trimmed.startsWith('-') ? 'a duration cannot be negative' : `'${trimmed}' does not start with a whole number`
  }
  const label = trimmed.slice(digits.length).trim().toLowerCase()
  if (/^\.\d/.test(label)) return "fractions are not supported; use a smaller unit, e.g. '1500 ms' for '1.5 s'"
  const unit = label === '' ? UNIT_BY_LABEL.get('ms') : UNIT_BY_LABEL.get(label)
  if (unit === undefined) return `'${label}' is not a time unit`
  const ms = Number(digits) * unit.ms
  // beyond 2^53 milliseconds are no longer exact, and no sane timeout is that long (285 000 years)
  if (!Number.isSafeInteger(Number(digits)) || ms > Number.MAX_SAFE_INTEGER) return 'the duration is too large'
  return ms
}

/** Formats milliseconds with the largest unit that divides them exactly, as Flink does: "10 min", "200 ms". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0 ms'
  if (Number.isInteger(ms)) {
    for (const unit of TIME_UNITS) {
      if (unit.ms >= 1 && ms % unit.ms === 0) return `${ms / unit.ms} ${unit.labels[0]}`
    }
  }
  const nanos = Math.round(ms * 1e6)
  return nanos % 1000 === 0 ? `${nanos / 1000} µs` : `${nanos} ns`
}

/** Bounds of a duration option in milliseconds, both inclusive. */
export interface DurationRange {
  readonly minMs?: number
  readonly maxMs?: number
}

/** A duration in milliseconds (Flink's `Duration`), optionally bounded. */
export function durationType(range: DurationRange = {}): ConfigType<number> {
  const bounds = { min: range.minMs, max: range.maxMs }
  const words = describeRange(bounds, formatDuration)
  const expected = `a duration ${words === '' ? '' : `${words} `}${DURATION_FORM}`
  return {
    docName: docRange('Duration', bounds, formatDuration),
    expected,
    parse(raw) {
      const result = parseDurationMs(raw)
      if (typeof result === 'string') return rejected(`${expected}; ${result}`)
      return isInRange(result, bounds) ? parsed(result) : rejected(expected)
    },
    format: formatDuration,
  }
}
