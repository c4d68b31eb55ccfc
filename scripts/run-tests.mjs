// Runs every test file under test/ (or the paths given) with Node's test runner through tsx; arguments that start
// with -- go to the test runner (e.g. --test-name-pattern=checkpoint).
// Node 20's --test does not expand globs or pick up .ts files in directories, hence this script.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function findTests(path) {
  if (statSync(path).isFile()) return [path]
  return readdirSync(path).sort().flatMap((name) => {
    const child = join(path, name)
    if (statSync(child).isDirectory()) return findTests(child)
    return name.endsWith('.test.ts') ? [child] : []
  })
}

const args = process.argv.slice(2)
const testRunnerOptions = args.filter((arg) => arg.startsWith('--'))
const paths = args.filter((arg) => !arg.startsWith('--'))
const roots = paths.length > 0 ? paths : ['test']
const files = roots.flatMap(findTests)
if (files.length === 0) {
  console.error('no test files found under ' + roots.join(', '))
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testRunnerOptions, ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
