import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** What a finished `sluice` process left behind. */
export interface CliResult {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * The args with `-D rest.port=0` added to a `run` that sets no rest.port: every `sluice run` serves its REST API,
 * and tests running side by side (or next to a real `sluice run` on 8081) must not compete for the default port.
 */
export function withFreeRestPort(args: readonly string[]): readonly string[] {
  if (args[0] !== 'run' || args.some((arg) => arg.includes('rest.port='))) return args
  return ['run', '-D', 'rest.port=0', ...args.slice(1)]
}

/** Runs `bin/sluice.js` with args from the repository root; rejects if it outlives timeoutMs. */
export function runCli(args: readonly string[], timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sluice.js', ...withFreeRestPort(args)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`sluice ${args.join(' ')} did not end within ${timeoutMs} ms\nstderr: ${stderr}`))
    }, timeoutMs)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ exitCode, stdout, stderr })
    })
  })
}
