// Contract: docs/errors.md documents exactly the error codes that src/ can raise (fastify's
// error-code registry check). A code in the source without a section, or a section for a code
// the source no longer has, fails here.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SOURCE_DIR = join(REPO_ROOT, 'src')
const ERRORS_DOC = join(REPO_ROOT, 'docs', 'errors.md')

/** A code as a string literal: `readonly code = 'SLUICE_X'`, `{ code: 'SLUICE_X', ... }`. Identifiers such as SLUICE_SOURCE_DIR are not literals. */
const CODE_LITERAL = /(['"`])(SLUICE_[A-Z0-9_]+)\1/g
/** The domain declared with a code: the class field after `readonly code = '...'`, or a property later on the same line (`{ code: '...', ..., domain: '...' }`). */
const CODE_AND_DOMAIN = /\bcode\s*(?:=\s*(['"`])(SLUICE_[A-Z0-9_]+)\1\s*readonly\s+domain\s*=|:\s*(['"`])(SLUICE_[A-Z0-9_]+)\3[^\n]*?\bdomain:)\s*'(user|external|internal)'/g
const DOC_SECTION = /^### `(SLUICE_[A-Z0-9_]+)`\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/gm
const DOC_MENTION = /\bSLUICE_[A-Z0-9_]+\b/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Every code src/ uses, with the files that mention it and the domain declared with it. */
function codesInSource(): Map<string, { files: Set<string>; domains: Set<string> }> {
  const codes = new Map<string, { files: Set<string>; domains: Set<string> }>()
  for (const file of sourceFiles(SOURCE_DIR)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(CODE_LITERAL)) {
      const entry = codes.get(match[2]!) ?? { files: new Set<string>(), domains: new Set<string>() }
      entry.files.add(relative(REPO_ROOT, file))
      codes.set(match[2]!, entry)
    }
    for (const match of text.matchAll(CODE_AND_DOMAIN)) codes.get((match[2] ?? match[4])!)?.domains.add(match[5]!)
  }
  return codes
}

/** Every `### \`SLUICE_...\`` section of docs/errors.md, with its body. */
function documentedCodes(doc: string): Map<string, string> {
  const sections = new Map<string, string>()
  for (const match of doc.matchAll(DOC_SECTION)) {
    assert.ok(!sections.has(match[1]!), `docs/errors.md documents ${match[1]} twice`)
    sections.set(match[1]!, match[2]!)
  }
  return sections
}

describe('docs/errors.md', () => {
  const source = codesInSource()
  const doc = readFileSync(ERRORS_DOC, 'utf8')
  const documented = documentedCodes(doc)

  it('finds the codes it checks (the scan still matches how src/ declares them)', () => {
    assert.ok(source.has('SLUICE_CONFIG_UNKNOWN_KEY'), 'a code declared in src/errors.ts')
    assert.ok(source.has('SLUICE_WORKER_CRASHED'), 'a code of the coordinator')
    assert.ok(!source.has('SLUICE_SOURCE_DIR'), 'identifiers are not codes')
    assert.deepEqual([...source.get('SLUICE_CONFIG_UNKNOWN_KEY')!.domains], ['user'], 'the domain of an error class')
    assert.deepEqual([...source.get('SLUICE_WORKER_EXITED')!.domains], ['internal'], 'the domain of a coordinator error')
    assert.ok(documented.size >= 20, `docs/errors.md has ${documented.size} code sections`)
  })

  it('has a section for every error code used in src/', () => {
    const missing = [...source.keys()].filter((code) => !documented.has(code))
      .map((code) => `${code} (used in ${[...source.get(code)!.files].join(', ')})`)
    assert.deepEqual(missing, [], 'add a "### `CODE`" section to docs/errors.md for each')
  })

  it('has an error class in src/errors.ts for every documented code', () => {
    const errors = readFileSync(join(SOURCE_DIR, 'errors.ts'), 'utf8')
    const classCodes = new Set([...errors.matchAll(/^export class \w+ extends \w+Error \{\n\s+readonly code = '(SLUICE_[A-Z0-9_]+)'/gm)].map((m) => m[1]!))
    assert.ok(classCodes.has('SLUICE_CONFIG_UNKNOWN_KEY'), 'the scan finds error classes')
    assert.deepEqual([...documented.keys()].filter((code) => !classCodes.has(code)), [],
      'every code is raised through a SluiceError subclass (STYLE.md, habit 3): add a class to src/errors.ts')
  })

  it('mentions no code that src/ does not use (no stale docs)', () => {
    const stale = [...new Set(doc.match(DOC_MENTION) ?? [])].filter((code) => !source.has(code))
    assert.deepEqual(stale, [], 'remove these from docs/errors.md, or fix their spelling')
  })

  it('gives every code its domain, meaning, typical cause and fix', () => {
    for (const [code, body] of documented) {
      for (const field of ['Domain', 'Means', 'Typical cause', 'Fix']) {
        assert.match(body, new RegExp(`^- \\*\\*${field}:\\*\\* \\S`, 'm'), `${code} has no "${field}" line`)
      }
    }
  })

  it('states the domain the source declares', () => {
    for (const [code, { domains }] of source) {
      const stated = documented.get(code)?.match(/^- \*\*Domain:\*\* (\w+)/m)?.[1]
      if (stated === undefined || domains.size === 0) continue
      assert.deepEqual([stated], [...domains], `${code}: docs say ${stated}, src/ declares ${[...domains].join(', ')}`)
    }
  })

  it('lists every exit code of the CLI', () => {
    const main = readFileSync(join(SOURCE_DIR, 'cli', 'main.ts'), 'utf8') + readFileSync(join(SOURCE_DIR, 'cli', 'run-command.ts'), 'utf8')
    const exitCodes = new Set([...main.matchAll(/(?:return|exitCode =|\?)\s*(\d+)\b/g)].map((m) => m[1]!))
    for (const extra of main.matchAll(/: (\d+)\s*$/gm)) exitCodes.add(extra[1]!)
    const table = doc.slice(doc.indexOf('## Exit codes'), doc.indexOf('\n## ', doc.indexOf('## Exit codes') + 1))
    const documentedExitCodes = new Set([...table.matchAll(/^\| `(\d+)` \|/gm)].map((m) => m[1]!))
    assert.deepEqual([...exitCodes].filter((c) => !documentedExitCodes.has(c)), [], 'exit codes used in src/cli without a row')
    assert.deepEqual([...documentedExitCodes].sort(), ['0', '1', '130', '2', '70'])
  })
})
