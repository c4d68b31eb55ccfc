// What a user sees when `sluice run` is given something wrong: a job file that is missing, does
// not load or builds nothing, a job that fails, a bad option. Each case runs the real CLI.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js'

const JOBS = 'test/integration/jobs'
/** A job that is fine, for the cases where only the options are wrong. */
const GOOD_JOB = `${JOBS}/bad-throwing-map.job.ts`
/** A stack frame inside Sluice's own source (src/), which a user cannot act on. */
const INTERNAL_FRAME = /\s+at .*\/src\//
// Every case starts a CLI process that loads tsx and the job: two at a time keeps a loaded two-core machine from
// starting all of them at once, and the suite as a whole has a budget instead of a limit per process.
const CLI_PROCESSES_AT_ONCE = 2
const SUITE_BUDGET_MS = 300_000

function lines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '')
}

/** Bad input ends with exit code 2 and one `error:` line naming the problem, and no engine stack. */
function assertRejected(result: CliResult, firstLine: RegExp): void {
  const report = `exit code ${result.exitCode}\nstderr:\n${result.stderr}`
  assert.equal(result.exitCode, 2, report)
  assert.match(lines(result.stderr)[0] ?? '', firstLine, report)
  assert.doesNotMatch(result.stderr, INTERNAL_FRAME, report)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Runs a job file written to a fresh directory with the given package.json, as a user's project would be. */
async function runJobOutsideRepository(fileName: string, packageJson: object, source: readonly string[]): Promise<CliResult & { jobPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bad-input-'))
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson))
    const jobPath = join(dir, fileName)
    writeFileSync(jobPath, source.join('\n') + '\n')
    return { ...await runCli(['run', jobPath]), jobPath }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('sluice run with bad input', { timeout: SUITE_BUDGET_MS }, () => {
  describe('the job file', { concurrency: CLI_PROCESSES_AT_ONCE }, () => {
    it('names a job file that does not exist', async () => {
      const result = await runCli(['run', `${JOBS}/no-such-job.job.ts`])
      assertRejected(result, /^error: cannot run job 'test\/integration\/jobs\/no-such-job\.job\.ts': the file does not exist \[SLUICE_JOB_INVALID_FILE\]$/)
    })

    it('says a job file has no default export, naming the file as given', async () => {
      const result = await runCli(['run', `${JOBS}/bad-no-default-export.job.ts`])
      assertRejected(result, /^error: cannot run job 'test\/integration\/jobs\/bad-no-default-export\.job\.ts': it has no default export function; write `export default defineJob/)
    })

    it('says a pipeline without a sink has no sink', async () => {
      const result = await runCli(['run', `${JOBS}/bad-no-sink.job.ts`])
      assertRejected(result, /^error: invalid job: the job defines no sink; end the pipeline with sinkTo\(\.\.\.\) or print\(\) \[SLUICE_JOB_INVALID_GRAPH\]$/)
    })

    it('says a default export that builds nothing has no sink', async () => {
      const result = await runCli(['run', `${JOBS}/bad-empty-graph.job.ts`])
      assertRejected(result, /^error: invalid job: the job defines no sink/)
    })

    it('points a syntax error at its file, line and column', async () => {
      // written at test time: a broken .ts file under test/ would break `npm run typecheck`
      const result = await runJobOutsideRepository('bad-syntax-error.job.ts', { type: 'module' }, [
        "import { defineJob } from 'sluice'",
        '',
        'export default defineJob((env) => {',
        "  env.fromSource(source, undefined, 'Numbers'",
        '})',
      ])
      const shown = escapeRegExp(result.jobPath)
      assertRejected(result, new RegExp(`^error: cannot run job '${shown}': it failed to load: syntax error at ${shown}:5:\\d+: .+$`))
      assert.doesNotMatch(result.stderr, /esbuild|Transform failed/, result.stderr)
    })

    it('says how to fix a job written as an ES module in a CommonJS package', async () => {
      // the default of `npm init`: without "type": "module", Node and tsx fail with a require(esm) cycle
      const result = await runJobOutsideRepository('ok.job.ts', {}, [
        `import { BlackholeSink, CollectionSource, defineJob } from '${REPO_ROOT}src/index.js'`,
        '',
        'export default defineJob((env) => {',
        "  env.fromSource(new CollectionSource([1, 2, 3]), undefined, 'Numbers').sinkTo(new BlackholeSink())",
        '})',
      ])
      assertRejected(result, /^error: cannot run job '.*\/ok\.job\.ts': it failed to load: it is an ES module \(import\/export\) in a CommonJS package; set "type": "module" in its package\.json/)
      assert.doesNotMatch(result.stderr, /cycle/, result.stderr)
    })
  })

  describe('the job', { concurrency: CLI_PROCESSES_AT_ONCE }, () => {
    it('fails with exit code 1, names the operator and the error, then shows the user function stack', async () => {
      const result = await runCli(['run', `${JOBS}/bad-throwing-map.job.ts`])
      const report = `exit code ${result.exitCode}\nstderr:\n${result.stderr}`
      assert.equal(result.exitCode, 1, report)
      // the submission banner ("Job '...' submitted" and one indented line per task) comes first
      const afterBanner = lines(result.stderr).filter((line) => !/^Job '.*' \(\w+\) submitted:|^ {2}\S.* \[\d+\]$/.test(line))
      assert.match(afterBanner[0] ?? '', /^Job failed: operator 'Parse Price' threw: RangeError: price 3 is out of range \[in .*Parse Price.* \(1\/1\)\] \[SLUICE_JOB_USER_FUNCTION_FAILED\]$/, report)
      const frames = afterBanner.slice(1)
      assert.ok(frames.length > 0, `the user function's stack is shown\n${report}`)
      assert.match(frames[0]!, /^\s+at parsePrice \(.*\/test\/integration\/jobs\/bad-throwing-map\.job\.ts:5:\d+\)$/, report)
      assert.ok(frames.some((f) => /bad-throwing-map\.job\.ts:11:\d+/.test(f)), `the map lambda's frame is shown\n${report}`)
      assert.ok(frames.every((f) => /^\s+at /.test(f)), `only stack frames follow the reason\n${report}`)
      assert.doesNotMatch(result.stderr, INTERNAL_FRAME, report)
    })

    it('rejects an object returned as a key before it crosses the network, naming the operator', async () => {
      const result = await runCli(['run', `${JOBS}/bad-object-key.job.ts`])
      const report = `exit code ${result.exitCode}\nstderr:\n${result.stderr}`
      assert.equal(result.exitCode, 1, report)
      const afterBanner = lines(result.stderr).filter((line) => !/^Job '.*' \(\w+\) submitted:|^ {2}\S.* \[\d+\]$/.test(line))
      assert.match(afterBanner[0] ?? '', /^Job failed: operator 'Wrap \(keyBy key selector\)' got a key of type object; .* \[SLUICE_STATE_INVALID_KEY\]$/, report)
      assert.doesNotMatch(result.stderr, INTERNAL_FRAME, report)
    })

    it('reports a main that throws before building the pipeline, with the main\'s stack', async () => {
      const result = await runCli(['run', `${JOBS}/bad-throwing-main.job.ts`])
      assertRejected(result, /^error: operator 'job main' threw: missing required job argument --input \[SLUICE_JOB_USER_FUNCTION_FAILED\]$/)
      assert.match(lines(result.stderr)[1] ?? '', /^\s+at .*\/test\/integration\/jobs\/bad-throwing-main\.job\.ts:5:\d+/, result.stderr)
    })
  })

  describe('the options', { concurrency: CLI_PROCESSES_AT_ONCE }, () => {
    it('rejects an unknown -D key and suggests the nearest one', async () => {
      const result = await runCli(['run', GOOD_JOB, '-D', 'parallelism.defualt=2'])
      assertRejected(result, /^error: unknown configuration key 'parallelism\.defualt' \(from -D\); did you mean 'parallelism\.default'\? \[SLUICE_CONFIG_UNKNOWN_KEY\]$/)
    })

    it('rejects a -D value of the wrong type, naming key, value and expected type', async () => {
      const result = await runCli(['run', GOOD_JOB, '-Dparallelism.default=two'])
      assertRejected(result, /^error: invalid value 'two' for configuration key 'parallelism\.default' \(from -D\): expected an integer/)
    })

    it('rejects a -D without key=value', async () => {
      const result = await runCli(['run', GOOD_JOB, '-Dparallelism.default'])
      assertRejected(result, /^error: malformed dynamic property '-Dparallelism\.default': .*'='/)
    })

    it('rejects -p 0', async () => {
      const result = await runCli(['run', GOOD_JOB, '-p', '0'])
      assertRejected(result, /^error: invalid parallelism '0' for -p: expected a whole number of at least 1/)
    })

    it('rejects -p without a value', async () => {
      const result = await runCli(['run', GOOD_JOB, '-p'])
      assertRejected(result, /^error: -p needs a value, e\.g\. -p 2/)
    })

    it('rejects an unknown option of run', async () => {
      const result = await runCli(['run', GOOD_JOB, '--frobnicate'])
      assertRejected(result, /^error: unknown option '--frobnicate' for 'run'/)
    })

    it('rejects an unknown command', async () => {
      const result = await runCli(['frobnicate'])
      assertRejected(result, /^error: unknown command 'frobnicate'/)
    })

    it('rejects run without a job file', async () => {
      const result = await runCli(['run', '-p', '2'])
      assertRejected(result, /^error: 'run' needs a job file/)
    })
  })
})
