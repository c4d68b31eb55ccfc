import { SluiceError, UserFunctionError } from '../errors.js'
import { userStack } from '../runtime/worker/failure-report.js'
import { CliUsageError } from './cli-usage-error.js'
import { runCommand } from './run-command.js'

const USAGE = `Usage: sluice <command> [options]

Commands:
  run <job.ts> [-p N] [-D key=value]... [-s DIR] [-- job args]   run a job until it ends or is interrupted (Ctrl-C)

Options of run:
  -p, --parallelism N     default parallelism (same as -D parallelism.default=N)
  -D key=value            set a configuration key (Flink's names; see docs/config.md)
  -s, --fromSavepoint DIR resume from a retained checkpoint (chk-<n>) or a savepoint directory
  -n, --allowNonRestoredState
                          with -s: drop state of operators the job no longer has
`

/** The composition root of the `sluice` command: dispatches, and turns errors into one line and an exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE)
      return command === undefined ? 2 : 0
    case 'run':
      return runCommand(rest)
    case 'list':
    case 'cancel':
    case 'savepoint':
      throw new CliUsageError(`'${command}' needs the monitoring REST API, which is not available yet`)
    default:
      throw new CliUsageError(`unknown command '${command}'`)
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (thrown) {
  if (thrown instanceof SluiceError) {
    process.stderr.write(`error: ${thrown.message} [${thrown.code}]\n`)
    // the job's main threw while building the pipeline: show where, in the user's code only
    const stack = thrown instanceof UserFunctionError ? userStack(thrown.cause) : undefined
    if (stack !== undefined) process.stderr.write(`${stack}\n`)
    process.exitCode = thrown.domain === 'internal' ? 70 : 2
  } else {
    process.stderr.write(`error: internal error: ${thrown instanceof Error ? thrown.stack : String(thrown)}\n`)
    process.exitCode = 70
  }
}
