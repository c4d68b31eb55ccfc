import { KeyedStateUnavailableError, userFunctionFailed } from '../errors.js'
import type { Key } from '../state/key.js'
import type { KeyedStateBackend } from '../state/keyed-state-backend.js'
import type { InternalTimer, InternalTimerService, Triggerable } from '../state/internal-timer-service.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'

/** Base of operators on a KeyedStream: owns the keyed state backend and one timer service. */
export abstract class KeyedOperatorBase<IN = unknown> extends AbstractStreamOperator<IN> implements Triggerable {
  protected backend!: KeyedStateBackend
  protected timers!: InternalTimerService

  override open(): void {
    const backend = this.context.keyedStateBackend
    const manager = this.context.timeServiceManager
    if (backend === undefined || manager === undefined) throw new KeyedStateUnavailableError(this.name, 'keyed state')
    this.backend = backend
    this.timers = manager.getInternalTimerService('user-timers', this)
  }

  /** Runs a key selector and makes its key current, attributing a failure to this operator. */
  protected setKeyOf(keySelector: (value: any) => unknown, value: unknown): void {
    let key: unknown
    try {
      key = keySelector(value)
    } catch (thrown) {
      throw userFunctionFailed(this.name, thrown)
    }
    this.backend.setCurrentKey(key as Key)
  }

  onEventTime(_timer: InternalTimer): void {}
  onProcessingTime(_timer: InternalTimer): void {}
}
