import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { JobMain } from '../api/define-job.js'
import { StreamExecutionEnvironment } from '../api/stream-execution-environment.js'
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
    throw new InvalidJobFileError(jobModuleUrl, `it failed to load: ${thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown)}`)
  }
  if (typeof module.default !== 'function') {
    throw new InvalidJobFileError(jobModuleUrl, 'it has no default export function; write `export default defineJob((env, args) => { ... })`')
  }
  return module.default as JobMain
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
