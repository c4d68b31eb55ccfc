import type { RichFunction, RuntimeContext } from '../api/functions.js'
import { userFunctionFailed } from '../errors.js'

/** Calls a function object's open(), if it has one, attributing a failure to the operator. */
export function openUserFunction(fn: unknown, context: RuntimeContext, operatorName: string): void {
  const rich = fn as RichFunction
  if (typeof fn === 'object' && fn !== null && typeof rich.open === 'function') {
    try {
      rich.open(context)
    } catch (thrown) {
      throw userFunctionFailed(operatorName, thrown)
    }
  }
}

/** Calls a function object's close(), if it has one. */
export function closeUserFunction(fn: unknown, operatorName: string): void {
  const rich = fn as RichFunction
  if (typeof fn === 'object' && fn !== null && typeof rich.close === 'function') {
    try {
      rich.close()
    } catch (thrown) {
      throw userFunctionFailed(operatorName, thrown)
    }
  }
}
