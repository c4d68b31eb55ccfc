import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ChannelStateMismatchError, UserFunctionError, WorkerExitedError } from '../../../../src/errors.js'
import { failureReport } from '../../../../src/runtime/worker/failure-report.js'

describe('failureReport', () => {
  it('keeps a user function\'s failure recoverable, with the operator and the user\'s stack', () => {
    const report = failureReport(new UserFunctionError('Parse', new RangeError('bad price')))
    assert.equal(report.code, 'SLUICE_JOB_USER_FUNCTION_FAILED')
    assert.equal(report.operatorName, 'Parse')
    assert.equal(report.isRecoverable, true)
  })

  it('marks a failure that every attempt would meet the same way as not recoverable', () => {
    assert.equal(failureReport(new ChannelStateMismatchError("'Sum'", 'its channels changed')).isRecoverable, false)
    assert.equal(failureReport(new WorkerExitedError(1, 1)).isRecoverable, true)
  })

  it('reports anything else as an internal error with its stack, recoverable', () => {
    const report = failureReport(new TypeError('x is undefined'))
    assert.equal(report.code, 'SLUICE_INTERNAL')
    assert.match(report.message, /^internal error: TypeError: x is undefined$/)
    assert.ok(report.stack?.includes('TypeError'))
    assert.equal(report.isRecoverable, true)
  })
})
