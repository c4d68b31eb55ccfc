import { type ConfigType, rejected } from './config-type.js'
import { escapeWithSingleQuote, splitEscaped } from './structured-options-splitter.js'

const LIST_EXPECTED = "a list of items separated by ';', e.g. 'a;b;c' (quote an item containing ';' as 'x;y')"

/** A list of strings written Flink's way: `a;b;c`, items quoted with ' when they contain a `;`. */
export const listType: ConfigType<readonly string[]> = {
  docName: 'List<String>',
  expected: LIST_EXPECTED,
  parse(raw) {
    const items = splitEscaped(raw, ';')
    return items.ok ? items : rejected(`${LIST_EXPECTED}; expected ${items.expected}`)
  },
  format: (items) => items.map((item) => escapeWithSingleQuote(item, ';')).join(';'),
}
