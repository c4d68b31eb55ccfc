import { fileURLToPath } from 'node:url'
import { InternalError, SluiceError, UserFunctionError, describeThrown } from '../../errors.js'
import type { TaskFailure } from '../../protocol/messages.js'

const SLUICE_SOURCE_DIR = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The stack of a thrown value with Sluice's own frames and Node internals removed, so the user
 * sees where their function failed rather than the engine around it.
 */
export function userStack(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error) || thrown.stack === undefined) return undefined
  const frames = thrown.stack.split('\n').filter((line) => line.trimStart().startsWith('at '))
  const userFrames = frames.filter((line) => !line.includes(SLUICE_SOURCE_DIR) && !line.includes('node:internal') && !line.includes('/node_modules/tsx/'))
  return userFrames.length > 0 ? userFrames.join('\n') : undefined
}

/** Describes a failure for the coordinator: code, message, operator and the user's stack. */
export function failureReport(thrown: unknown): Omit<TaskFailure, 'subtask' | 'taskName'> {
  if (thrown instanceof UserFunctionError) {
    return {
      code: thrown.code,
      message: thrown.message,
      operatorName: thrown.operatorName,
      stack: userStack(thrown.cause),
      domain: thrown.domain,
      isRecoverable: true,
    }
  }
  if (thrown instanceof SluiceError) {
    return { code: thrown.code, message: thrown.message, operatorName: undefined, stack: undefined, domain: thrown.domain, isRecoverable: thrown.isRecoverable }
  }
  const internal = new InternalError(describeThrown(thrown))
  return {
    code: internal.code,
    message: internal.message,
    operatorName: undefined,
    stack: thrown instanceof Error ? thrown.stack : undefined,
    domain: internal.domain,
    isRecoverable: true,
  }
}
