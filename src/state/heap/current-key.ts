import { InvalidKeyError, NoCurrentKeyError } from '../../errors.js'
import { invalidKeyType, type Key } from '../key.js'

/**
 * The key that every state of one HeapKeyedStateBackend reads and writes, shared by reference so
 * that a state access costs no call into the backend.
 */
export class CurrentKey {
  /** undefined until the runtime sets the first key; Key excludes undefined, so it is a safe sentinel. */
  key: Key | undefined = undefined
  /** Bumped on every set, so states can cache what they looked up for the current key. */
  epoch = 0

  constructor(readonly operatorName: string) {}

  set(key: Key): void {
    const invalidType = invalidKeyType(key)
    if (invalidType !== undefined) throw new InvalidKeyError(this.operatorName, invalidType)
    this.key = key
    this.epoch++
  }

  /** The current key; `what` names the caller in the error raised when there is none. */
  get(what: string): Key {
    const key = this.key
    if (key === undefined) throw new NoCurrentKeyError(this.operatorName, what)
    return key
  }
}
