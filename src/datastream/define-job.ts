import type { StreamExecutionEnvironment } from './stream-execution-environment.js'

/**
 * A job's entry point: builds the pipeline on `env` from the arguments after `--`.
 * It runs once in the coordinator and once in every worker, so it must build the same
 * pipeline every time (no randomness or clock reads in its shape).
 */
export type JobMain = (env: StreamExecutionEnvironment, args: readonly string[]) => void | Promise<void>

/** Marks a job file's default export (identity; gives the function its types). */
export function defineJob(main: JobMain): JobMain {
  return main
}
