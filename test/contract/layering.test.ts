// Contract: src/ follows the dependency direction of .dependency-cruiser.cjs (docs/architecture.md), and the cruiser
// really reads every source file: a file it fails to parse would otherwise be left out without a word.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CRUISER = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')

interface CruiseResult {
  readonly modules: readonly { readonly source: string }[]
  readonly summary: { readonly violations: readonly { readonly from: string; readonly to: string; readonly rule: { readonly name: string } }[] }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mjs)$/.test(entry.name) ? [relative(REPO_ROOT, path)] : []
  })
}

describe('the layers of src/', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, [CRUISER, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  })
  const result = JSON.parse(run.stdout) as CruiseResult

  it('are cruised in full: every source file is a module of the graph', () => {
    const cruised = new Set(result.modules.map((module) => module.source))
    assert.deepEqual(sourceFiles(join(REPO_ROOT, 'src')).filter((file) => !cruised.has(file)), [])
  })

  it('import only along the dependency direction, without cycles', () => {
    assert.deepEqual(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), [],
      'fix the import, or change the layering deliberately in .dependency-cruiser.cjs and docs/architecture.md')
  })
})
