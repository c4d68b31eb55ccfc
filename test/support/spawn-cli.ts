import { spawn, type ChildProcess } from 'node:child_process'
import { REPO_ROOT, withFreeRestPort, type CliResult } from './run-cli.js'

/** A running `sluice` process that a test can watch and kill. */
export interface SpawnedCli {
  readonly child: ChildProcess
  /** stdout and stderr so far. */
  output(): { readonly stdout: string; readonly stderr: string }
  /** Resolves when the process ended (also after a kill); the exit code is null after a signal. */
  readonly exited: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>
}

/** Starts `bin/sluice.js` with args from the repository root without waiting for it (unlike runCli). */
export function spawnCli(args: readonly string[]): SpawnedCli {
  const child = spawn(process.execPath, ['bin/sluice.js', ...withFreeRestPort(args)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }))
  })
  return { child, output: () => ({ stdout, stderr }), exited }
}
