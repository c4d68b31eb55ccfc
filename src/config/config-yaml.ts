import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { type Document, LineCounter, type Node, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml'
import { InvalidConfigFileError } from '../errors.js'
import type { ConfigEntry } from './config-entry.js'
import { escapeWithSingleQuote } from './structured-options-splitter.js'

/** How a configuration file is written: Flink 1.19+ standard YAML, or the legacy flat `key: value` lines. */
export type ConfigFileFormat = 'standard' | 'legacy'

/** The format Flink reads a file in: legacy for a file named flink-conf.yaml, standard YAML for anything else. */
export function configFileFormatOf(file: string): ConfigFileFormat {
  return basename(file) === 'flink-conf.yaml' ? 'legacy' : 'standard'
}

/**
 * Parses a Flink configuration file into entries whose origin is `<file>:<line>`. Standard YAML is flattened the
 * way Flink's GlobalConfiguration does (nested maps join their keys with dots, lists become `a;b;c`); any syntax
 * error is an InvalidConfigFileError naming the file and line.
 */
export function parseConfigYaml(text: string, file: string, format = configFileFormatOf(file)): ConfigEntry[] {
  return format === 'legacy' ? parseLegacy(text, file) : parseStandard(text, file)
}

/** Reads and parses a configuration file (see parseConfigYaml); an unreadable file is an InvalidConfigFileError. */
export function readConfigYaml(path: string, format = configFileFormatOf(path)): ConfigEntry[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new InvalidConfigFileError(path, undefined, `the file cannot be read (${reason}); check the path`)
  }
  return parseConfigYaml(text, path, format)
}

// Flink's legacy reader: '#' starts a comment anywhere, and the first ': ' separates key from value
function parseLegacy(text: string, file: string): ConfigEntry[] {
  const entries: ConfigEntry[] = []
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = (rawLine.split('#', 1)[0] ?? '').trim()
    if (line === '') return
    const separator = line.indexOf(': ')
    const key = separator === -1 ? '' : line.slice(0, separator).trim()
    const value = separator === -1 ? '' : line.slice(separator + 2).trim()
    if (key === '' || value === '') {
      throw new InvalidConfigFileError(file, index + 1,
        `'${line}' is not a 'key: value' line; write the key, a colon, a space and the value, ` +
        'e.g. parallelism.default: 4')
    }
    entries.push({ key, value, origin: `${file}:${index + 1}` })
  })
  return entries
}

function parseStandard(text: string, file: string): ConfigEntry[] {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line
  const firstError = document.errors[0]
  if (firstError !== undefined) {
    throw new InvalidConfigFileError(file, lineOf(firstError.pos[0]),
      `YAML syntax error: ${firstError.message} (config.yaml must be standard YAML; ` +
      "legacy flat 'key: value' lines are read only from a file named flink-conf.yaml)")
  }
  const root = document.contents
  if (root === null || (isScalar(root) && root.value === null)) return []
  if (!isMap(root)) {
    throw new InvalidConfigFileError(file, lineOf(root.range?.[0] ?? 0),
      'the top level must be a mapping of configuration keys to values, e.g. parallelism.default: 4')
  }
  const entries: ConfigEntry[] = []
  flatten(root, '', { document, file, lineOf, entries })
  return entries
}

interface FlattenContext {
  readonly document: Document
  readonly file: string
  readonly lineOf: (offset: number) => number
  readonly entries: ConfigEntry[]
}

function flatten(map: Node, prefix: string, context: FlattenContext): void {
  if (!isMap(map)) return
  const { document, file, lineOf, entries } = context
  for (const pair of map.items) {
    const keyNode = pair.key
    const line = isScalar(keyNode) ? lineOf(keyNode.range?.[0] ?? 0) : undefined
    if (!isScalar(keyNode) || keyNode.value === null || keyNode.value === '') {
      throw new InvalidConfigFileError(file, line, 'a configuration key must be a plain, non-empty name')
    }
    const key = `${prefix}${scalarText(keyNode)}`
    const value = resolveAlias(pair.value, document)
    if (isMap(value)) {
      flatten(value, `${key}.`, context)
    } else if (isSeq(value)) {
      const items = value.items.map((item) => {
        const resolved = resolveAlias(item, document)
        if (!isScalar(resolved) || resolved.value === null) {
          throw new InvalidConfigFileError(file, line, `the list under '${key}' may only hold plain values`)
        }
        return escapeWithSingleQuote(scalarText(resolved), ';')
      })
      entries.push({ key, value: items.join(';'), origin: `${file}:${line}` })
    } else if (isScalar(value) && value.value !== null) {
      entries.push({ key, value: scalarText(value), origin: `${file}:${line}` })
    } else {
      throw new InvalidConfigFileError(file, line, `'${key}' has no value; give it one or remove the line`)
    }
  }
}

function resolveAlias(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node
}

// a plain number or boolean keeps the spelling the user wrote ("1.0", "TRUE"), as the options parse strings
function scalarText(scalar: { value: unknown; source?: string }): string {
  if (typeof scalar.value === 'string') return scalar.value
  return scalar.source ?? String(scalar.value)
}
