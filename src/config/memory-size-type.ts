import {
  type ConfigType, type ParseResult, describeRange, docRange, isInRange, parsed, rejected,
} from './config-type.js'

interface MemoryUnit {
  readonly labels: readonly string[]
  readonly bytes: number
}

// Flink's MemorySize.MemoryUnit: all 1024-based whatever the label says; labels[1] is used when formatting
const MEMORY_UNITS: readonly MemoryUnit[] = [
  { labels: ['b', 'bytes'], bytes: 1 },
  { labels: ['k', 'kb', 'kibibytes'], bytes: 1024 },
  { labels: ['m', 'mb', 'mebibytes'], bytes: 1024 ** 2 },
  { labels: ['g', 'gb', 'gibibytes'], bytes: 1024 ** 3 },
  { labels: ['t', 'tb', 'tebibytes'], bytes: 1024 ** 4 },
]

const UNIT_BY_LABEL = new Map(MEMORY_UNITS.flatMap((unit) => unit.labels.map((label) => [label, unit] as const)))

const MEMORY_SIZE_FORM = "such as '32 kb', '64 mb' or '1 gb' " +
  '(a whole number and a unit: b, kb, mb, gb or tb, all 1024-based; a bare number means bytes)'

/** Parses a Flink memory size ("32 kb", "64mb", "1g", "4096") into bytes, or says why not. */
export function parseMemorySize(text: string): ParseResult<number> {
  const result = parseBytes(text)
  return typeof result === 'number' ? parsed(result) : rejected(`a memory size ${MEMORY_SIZE_FORM}; ${result}`)
}

/** Bytes, or the problem with the text, as Flink's `MemorySize.parseBytes` decides it. */
function parseBytes(text: string): number | string {
  const trimmed = text.trim()
  if (trimmed === '') return 'the value is empty'
  const digits = /^\d*/.exec(trimmed)?.[0] ?? ''
  if (digits === '') {
    return trimmed.startsWith('-')
      ? 'a memory size cannot be negative'
      : `'${trimmed}' does not start with a whole number`
  }
  const label = trimmed.slice(digits.length).trim().toLowerCase()
  if (/^\.\d/.test(label)) return "fractions are not supported; use a smaller unit, e.g. '1536 mb' for '1.5 gb'"
  const unit = label === '' ? UNIT_BY_LABEL.get('b') : UNIT_BY_LABEL.get(label)
  if (unit === undefined) return `'${label}' is not a memory unit`
  const bytes = Number(digits) * unit.bytes
  if (!Number.isSafeInteger(Number(digits)) || bytes > Number.MAX_SAFE_INTEGER) return 'the memory size is too large'
  return bytes
}

/** Formats bytes with the largest unit that divides them exactly, as Flink does: "32 kb", "64 mb", "100 bytes". */
export function formatMemorySize(bytes: number): string {
  if (bytes === 0) return '0 bytes'
  let best = MEMORY_UNITS[0] as MemoryUnit
  for (const unit of MEMORY_UNITS) {
    if (bytes % unit.bytes !== 0) break
    best = unit
  }
  return `${bytes / best.bytes} ${best.labels[1]}`
}

/** Bounds of a memory size option in bytes, both inclusive. */
export interface MemorySizeRange {
  readonly minBytes?: number
  readonly maxBytes?: number
}

/** A memory size in bytes (Flink's `MemorySize`), optionally bounded. */
export function memorySizeType(range: MemorySizeRange = {}): ConfigType<number> {
  const bounds = { min: range.minBytes, max: range.maxBytes }
  const words = describeRange(bounds, formatMemorySize)
  const expected = `a memory size ${words === '' ? '' : `${words} `}${MEMORY_SIZE_FORM}`
  return {
    docName: docRange('MemorySize', bounds, formatMemorySize),
    expected,
    parse(raw) {
      const result = parseBytes(raw)
      if (typeof result === 'string') return rejected(`${expected}; ${result}`)
      return isInRange(result, bounds) ? parsed(result) : rejected(expected)
    },
    format: formatMemorySize,
  }
}
