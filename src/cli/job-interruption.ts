/**
 * How long `sluice run` waits after Ctrl-C or SIGTERM for the job to cancel and the process to wrap up (workers
 * stopped, checkpoints cleaned up, reporters closed) before it exits anyway: past the 5 s workers get to stop, short
 * of the 30 s a supervisor such as Kubernetes gives before SIGKILL.
 */
export const CANCEL_TIMEOUT_MS = 15_000

/** Where signals come from: `process`, or a stand-in in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
}

/** What a JobInterruption acts on. */
export interface JobInterruptionOptions {
  /** Starts cancelling the job; called on the first signal only. */
  readonly cancel: () => void
  readonly log: (line: string) => void
  /** Ends the process now, waiting for nothing; exitBySignal unless a test stands in. */
  readonly exitAtOnce?: (signal: NodeJS.Signals) => void
  readonly cancelTimeoutMs?: number
  readonly signals?: SignalSource
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * What `sluice run` does on Ctrl-C (SIGINT) or SIGTERM while its job runs: the first signal cancels the job; a second
 * one, or the process still being there `cancelTimeoutMs` after the first, ends the process at once, saying so. A
 * job that says "canceled" but never lets the process go (a file-system call that never returns) no longer needs
 * SIGKILL.
 */
export class JobInterruption {
  readonly #options: Required<JobInterruptionOptions>
  #signal: NodeJS.Signals | undefined
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#signal !== undefined) {
      this.#say('Exiting at once, without waiting for the job to finish cancelling')
      this.#options.exitAtOnce(signal)
      return
    }
    this.#signal = signal
    const { cancelTimeoutMs } = this.#options
    this.#say('\nCancelling job... (press Ctrl-C again to exit at once)')
    const deadline = setTimeout(() => {
      this.#say(`Cancelling has not ended the process within ${cancelTimeoutMs / 1000} s; exiting without waiting any ` +
        'longer (the checkpoint directory may keep files that a finished clean-up would have removed)')
      this.#options.exitAtOnce(signal)
    }, cancelTimeoutMs)
    // it must not keep a process alive that is done, only end one that is not
    deadline.unref()
    this.#options.cancel()
  }

  constructor(options: JobInterruptionOptions) {
    this.#options = { exitAtOnce: exitBySignal, cancelTimeoutMs: CANCEL_TIMEOUT_MS, signals: process, ...options }
  }

  // where stderr is gone (a closed pipe), ending the process matters more than saying so
  #say(line: string): void {
    try {
      this.#options.log(line)
    } catch {
      /* nothing left to tell */
    }
  }

  /** Whether a signal arrived (the job is being cancelled, or was). */
  get isInterrupted(): boolean {
    return this.#signal !== undefined
  }

  /** Starts handling SIGINT and SIGTERM. */
  listen(): void {
    for (const signal of SIGNALS) this.#options.signals.on(signal, this.#onSignal)
  }

  /**
   * Stops handling signals, so that a further Ctrl-C ends the process the default way, at once. A deadline already
   * running stays until the process ends: "canceled" is not the end of the process, exiting is.
   */
  stopListening(): void {
    for (const signal of SIGNALS) this.#options.signals.off(signal, this.#onSignal)
  }
}

/**
 * Ends the process by `signal`, which a shell reports as 128 + its number (130 for Ctrl-C, 143 for SIGTERM).
 * process.exit() is no way out here: it first waits for libuv's thread pool, and a file-system call that never
 * returns (a hung mount, a FIFO) holds one of its threads forever.
 */
export function exitBySignal(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal)
  process.kill(process.pid, signal)
}
