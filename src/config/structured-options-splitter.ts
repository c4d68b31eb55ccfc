import { type ParseResult, parsed, rejected } from './config-type.js'

type Token =
  | { readonly kind: 'quoted'; readonly text: string; readonly position: number }
  | { readonly kind: 'unquoted'; readonly text: string; readonly position: number }
  | { readonly kind: 'delimiter'; readonly position: number }

/**
 * Splits `text` at `delimiter` the way Flink's StructuredOptionsSplitter does: an item may be quoted with
 * ' or " (a doubled quote inside stands for one), unquoted items are trimmed, and a trailing delimiter is ignored.
 * On failure, `expected` says what is wrong with the quoting.
 */
export function splitEscaped(text: string, delimiter: string): ParseResult<string[]> {
  const tokens = tokenize(text, delimiter)
  if (typeof tokens === 'string') return rejected(tokens)
  const items: string[] = []
  for (const [i, token] of tokens.entries()) {
    const next = tokens[i + 1]
    if (token.kind === 'delimiter') {
      // two delimiters in a row enclose an empty item; a leading or trailing one encloses nothing
      if (next?.kind === 'delimiter') items.push('')
      continue
    }
    if (token.kind === 'quoted' && next !== undefined && next.kind !== 'delimiter') {
      return rejected(`'${delimiter}' right after the quoted item at position ${token.position}`)
    }
    items.push(token.text)
  }
  return parsed(items)
}

function tokenize(text: string, delimiter: string): Token[] | string {
  const tokens: Token[] = []
  let cursor = 0
  while (cursor < text.length) {
    const c = text.charAt(cursor)
    if (c === "'" || c === '"') {
      const end = consumeQuoted(text, c, cursor)
      if (end === undefined) return `a closing ${c} for the quote opened at position ${cursor}`
      tokens.push({ kind: 'quoted', text: end.text, position: cursor })
      cursor = end.next
    } else if (c === delimiter) {
      tokens.push({ kind: 'delimiter', position: cursor })
      cursor += 1
    } else if (/\s/.test(c)) {
      cursor += 1
    } else {
      const end = text.indexOf(delimiter, cursor)
      const stop = end === -1 ? text.length : end
      tokens.push({ kind: 'unquoted', text: text.slice(cursor, stop).trim(), position: cursor })
      cursor = stop
    }
  }
  return tokens
}

function consumeQuoted(text: string, quote: string, start: number): { text: string; next: number } | undefined {
  let content = ''
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charAt(i)
    if (c !== quote) {
      content += c
    } else if (text.charAt(i + 1) === quote) {
      content += quote
      i += 1
    } else {
      return { text: content, next: i + 1 }
    }
  }
  return undefined
}

/** Quotes `item` with single quotes when it would not survive `splitEscaped` as is (Flink's escapeWithSingleQuote). */
export function escapeWithSingleQuote(item: string, ...delimiters: string[]): string {
  const needsQuotes = item === '' || item !== item.trim() || item.includes("'") || item.includes('"') ||
    delimiters.some((delimiter) => item.includes(delimiter))
  return needsQuotes ? `'${item.replaceAll("'", "''")}'` : item
}
