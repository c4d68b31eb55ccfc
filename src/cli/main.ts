import { CliUsageError, SluiceError, UserFunctionError } from '../errors.js'
import { userStack } from '../runtime/worker/failure-report.js'
import { cancelCommand } from './cancel-command.js'
import { listCommand } from './list-command.js'
import { runCommand } from './run-command.js'
import { savepointCommand } from './savepoint-command.js'
import { stopCommand } from './stop-command.js'

const USAGE = `Usage: sluice <command> [options]

Commands:
  run <job.ts> [-p N] [-D key=value]... [-s DIR] [--keep-serving] [-- job args]
                          run a job until it ends or is interrupted (Ctrl-C), serving the REST API meanwhile
  list [-a] [-m host:port]                list running jobs (-a: also ended ones)
  cancel [-m host:port] <jobId>           cancel a running job
  savepoint [-m host:port] <jobId> [DIR]  take a savepoint (DIR defaults to execution.checkpointing.savepoint-dir)
  stop [-m host:port] [-p DIR] [-d] <jobId>
                          take a savepoint, then stop the job (-d, --drain: end the sources' input first, commit
                          the job's last output with the savepoint, and end the job FINISHED)

Options of run:
  -p, --parallelism N     default parallelism (same as -D parallelism.default=N)
  -D key=value            set a configuration key (Flink's names; see docs/config.md)
  -s, --fromSavepoint DIR resume from a retained checkpoint (chk-<n>) or a savepoint directory
  -n, --allowNonRestoredState
                          with -s: drop state of operators the job no longer has
  --keep-serving          after the job ended, keep serving the REST API (inspect a finished job) until Ctrl-C

Options of list, cancel, savepoint, stop:
  -m, --jobmanager HOST:PORT
                          the REST API of a 'sluice run' (default 127.0.0.1:8081; 'run' prints it at start)
  -p, --savepointPath DIR (stop) where the savepoint goes

The REST API listens at rest.address:rest.port (default 127.0.0.1:8081; -D rest.port=0 picks a free port); see docs/rest.md.
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
      return listCommand(rest)
    case 'cancel':
      return cancelCommand(rest)
    case 'savepoint':
      return savepointCommand(rest)
    case 'stop':
      return stopCommand(rest)
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
