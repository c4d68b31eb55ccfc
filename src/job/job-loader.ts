import { existsSync } from 'node:fs'
import { basename, isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { JobMain } from '../datastream/define-job.js'
import { StreamExecutionEnvironment } from '../datastream/stream-execution-environment.js'
import type { Configuration } from '../config/configuration.js'
import { DEFAULT_PARALLELISM, MAX_PARALLELISM, PIPELINE_NAME } from '../config/options/pipeline-options.js'
import { InvalidJobFileError, SluiceError, userFunctionFailed } from '../errors.js'
import type { JobGraph } from '../graph/job-graph.js'
import { generateJobGraph } from '../graph/job-graph-generator.js'
import { buildStreamGraph } from '../graph/stream-graph.js'

/** Resolves a job file path to the URL workers import. */
export function resolveJobModuleUrl(jobPath: string): string {
  const absolute = resolve(jobPath)
  if (!existsSync(absolute)) throw new InvalidJobFileError(jobPath, 'the file does not exist')
  return pathToFileURL(absolute).href
}

/** Imports a job module and returns its default-exported JobMain. */
export async function importJobMain(jobModuleUrl: string): Promise<JobMain> {
  let module: { default?: unknown }
  try {
    module = await import(jobModuleUrl) as { default?: unknown }
  } catch (thrown) {
    const shown = displayPath(jobModuleUrl)
    throw new InvalidJobFileError(shown, `it failed to load: ${loadFailureReason(thrown).replaceAll(fileURLToPath(jobModuleUrl), shown)}`)
  }
  if (typeof module.default !== 'function') {
    throw new InvalidJobFileError(displayPath(jobModuleUrl), 'it has no default export function; write `export default defineJob((env, args) => { ... })`')
  }
  return module.default as JobMain
}

/** The job file as the user would type it: relative to the working directory when inside it, else absolute. */
function displayPath(jobModuleUrl: string): string {
  const absolute = fileURLToPath(jobModuleUrl)
  const fromCwd = relative(process.cwd(), absolute)
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? absolute : fromCwd
}

/**
 * One line saying why a module did not load. The TypeScript loader (esbuild) reports a syntax
 * error as "Transform failed with N error(s):" and puts the `file:line:col: ERROR: ...` on the
 * next line, so that line is the one worth showing.
 */
function loadFailureReason(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown)
  // Node 20.19+ with tsx: an import/export .ts file in a CommonJS package ends in a require(esm) cycle
  if ((thrown as { code?: unknown }).code === 'ERR_REQUIRE_CYCLE_MODULE') {
    return 'it is an ES module (import/export) in a CommonJS package; set "type": "module" in its package.json ' +
      '(create one next to it if there is none), or rename it to .mts'
  }
  const lines = thrown.message.split('\n').filter((line) => line.trim() !== '')
  const first = lines[0] ?? thrown.name
  const located = lines[1]
  if (/^Transform failed with \d+ errors?:$/.test(first) && located !== undefined) {
    return `syntax error at ${located.replace(/: ERROR: /, ': ')}`
  }
  return first
}

/** Runs a job's main on a fresh environment and translates what it built into a JobGraph. */
export async function buildJobGraph(main: JobMain, jobModuleUrl: string, args: readonly string[], configuration: Configuration): Promise<JobGraph> {
  const env = new StreamExecutionEnvironment(configuration)
  try {
    await main(env, args)
  } catch (thrown) {
    if (thrown instanceof SluiceError) throw thrown
    throw userFunctionFailed('job main', thrown)
  }
  const defaultName = basename(new URL(jobModuleUrl).pathname).replace(/\.[cm]?[jt]s$/, '')
  const streamGraph = buildStreamGraph(env.transformations, {
    jobName: env.jobName ?? configuration.get(PIPELINE_NAME) ?? defaultName,
    defaultParallelism: configuration.get(DEFAULT_PARALLELISM),
    maxParallelism: configuration.get(MAX_PARALLELISM),
  })
  return generateJobGraph(streamGraph)
}
