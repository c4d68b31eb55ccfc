import { type ConfigType, parsed, rejected } from './config-type.js'
import { escapeWithSingleQuote, splitEscaped } from './structured-options-splitter.js'

const MAP_EXPECTED = "a map written as 'k1:v1,k2:v2' (quote a key or value containing ',' or ':' with ')"

/**
 * A string-to-string map written Flink's way (`k1:v1,k2:v2`); like Flink, it can also be given one entry per key as
 * `<key>.<mapKey>: value`, which is what a nested map in config.yaml flattens to.
 */
export const mapType: ConfigType<ReadonlyMap<string, string>> = {
  docName: 'Map',
  expected: MAP_EXPECTED,
  parse(raw) {
    const items = splitEscaped(raw, ',')
    if (!items.ok) return rejected(`${MAP_EXPECTED}; expected ${items.expected}`)
    const map = new Map<string, string>()
    for (const item of items.value) {
      const pair = splitEscaped(item, ':')
      if (!pair.ok) return rejected(`${MAP_EXPECTED}; expected ${pair.expected}`)
      const [key, value] = pair.value
      if (pair.value.length !== 2 || key === undefined || value === undefined) {
        return rejected(`${MAP_EXPECTED}; '${item}' is not a 'key:value' pair`)
      }
      if (map.has(key)) return rejected(`${MAP_EXPECTED}; the key '${key}' appears twice`)
      map.set(key, value)
    }
    return parsed(map)
  },
  format: (map) => [...map]
    .map(([key, value]) => `${escapeWithSingleQuote(key, ':')}:${escapeWithSingleQuote(value, ':')}`)
    .map((pair) => escapeWithSingleQuote(pair, ','))
    .join(','),
  mergePrefixEntry: (previous, mapKey, raw) => new Map(previous ?? []).set(mapKey, raw),
}
