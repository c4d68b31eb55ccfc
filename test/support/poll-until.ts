/** Polls `probe` every intervalMs until it returns a value other than undefined; rejects after timeoutMs naming `what`. */
export async function pollUntil<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs, intervalMs = 1 }: { readonly timeoutMs: number; readonly intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Resolves after ms; only for random fault moments, never to wait for a condition. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
