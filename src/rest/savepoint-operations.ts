import { randomBytes } from 'node:crypto'
import { SluiceError } from '../errors.js'

/** Where one asynchronous savepoint (or stop-with-savepoint) operation is. */
export type SavepointOperation =
  | { readonly status: 'IN_PROGRESS' }
  | { readonly status: 'COMPLETED'; readonly location: string }
  | { readonly status: 'FAILED'; readonly errorName: string; readonly message: string }

/**
 * The savepoint operations triggered over REST, by trigger id (Flink's SavepointHandlers' operation cache): a trigger
 * answers at once with an id, the status is polled. Also tells whether a finished result was fetched yet, so a
 * process that stops with its job can wait until the client that asked has seen the savepoint's path.
 */
export class SavepointOperations {
  readonly #operations = new Map<string, { operation: SavepointOperation; isResultFetched: boolean }>()
  #onChange: (() => void) | undefined

  /** Starts `run` and returns the trigger id (32 hex characters) under which its status is kept. */
  trigger(run: () => Promise<string>): string {
    const triggerId = randomBytes(16).toString('hex')
    const entry = { operation: { status: 'IN_PROGRESS' } as SavepointOperation, isResultFetched: false }
    this.#operations.set(triggerId, entry)
    run().then(
      (location) => { entry.operation = { status: 'COMPLETED', location } },
      (thrown: unknown) => {
        entry.operation = {
          status: 'FAILED',
          errorName: thrown instanceof SluiceError ? thrown.code : thrown instanceof Error ? thrown.name : 'Error',
          message: thrown instanceof Error ? thrown.message : String(thrown),
        }
      },
    ).finally(() => this.#onChange?.())
    return triggerId
  }

  /** The operation under `triggerId`, or undefined; reading a finished one marks its result as fetched. */
  get(triggerId: string): SavepointOperation | undefined {
    const entry = this.#operations.get(triggerId)
    if (entry === undefined) return undefined
    if (entry.operation.status !== 'IN_PROGRESS' && !entry.isResultFetched) {
      entry.isResultFetched = true
      this.#onChange?.()
    }
    return entry.operation
  }

  /** Whether an operation is running, or finished with a result no client has read yet. */
  get hasUnfetchedResults(): boolean {
    return [...this.#operations.values()].some((entry) => entry.operation.status === 'IN_PROGRESS' || !entry.isResultFetched)
  }

  /** Resolves once hasUnfetchedResults is false, or after timeoutMs. */
  async awaitResultsFetched(timeoutMs: number): Promise<void> {
    if (!this.hasUnfetchedResults) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#onChange = () => { if (!this.hasUnfetchedResults) done() }
    })
    this.#onChange = undefined
  }
}
