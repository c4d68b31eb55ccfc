// Runs the fault-injection tests again and again, each time with a fresh random fault seed, and prints the seed of
// every failing run so that `SLUICE_FAULT_SEED=<seed> npm test -- <file>` replays its fault schedule. `npm test`
// itself always uses the fixed default seed (test/support/exactly-once-scenarios.ts).
//
//   npm run soak                              # 10 runs of both fault test files
//   npm run soak -- --runs 50                 # more runs
//   npm run soak -- test/integration/exactly-once-faults.test.ts
import { spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const DEFAULT_FILES = ['test/integration/exactly-once-faults.test.ts', 'test/integration/unaligned-checkpoints.test.ts']
// only the tests that inject faults: the others in these files do not depend on the seed
const FAULT_TESTS = 'killed|SIGKILLed'

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '10' } }, allowPositionals: true })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of at least 1, not '${values.runs}'`)
  process.exit(2)
}
const files = positionals.length > 0 ? positionals : DEFAULT_FILES
const failures = []
let logDir

for (let run = 1; run <= runs; run++) {
  const seed = randomInt(2 ** 32)
  const startedAt = Date.now()
  const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', `--test-name-pattern=${FAULT_TESTS}`, ...files], {
    cwd: REPO_ROOT, env: { ...process.env, SLUICE_FAULT_SEED: String(seed) }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  })
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0)
  if (result.status === 0) {
    console.log(`run ${run}/${runs}: seed ${seed} passed (${seconds} s)`)
    continue
  }
  logDir ??= mkdtempSync(join(tmpdir(), 'sluice-soak-'))
  const log = join(logDir, `seed-${seed}.log`)
  writeFileSync(log, result.stdout + result.stderr)
  failures.push(seed)
  console.log(`run ${run}/${runs}: seed ${seed} FAILED (${seconds} s, exit ${result.status ?? result.signal}); output in ${log}`)
}

if (failures.length === 0) {
  console.log(`all ${runs} runs passed`)
} else {
  console.log(`${failures.length} of ${runs} runs failed; replay one with:`)
  for (const seed of failures) console.log(`  SLUICE_FAULT_SEED=${seed} npm test -- ${files.join(' ')}`)
  process.exitCode = 1
}
