import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, it } from 'node:test'
import { JobInterruption } from '../../../src/cli/job-interruption.js'
import { pollUntil } from '../../support/poll-until.js'

/** A JobInterruption over a stand-in for `process`, recording what it cancels, logs and how it exits. */
function anInterruption(cancelTimeoutMs = 10_000) {
  const signals = new EventEmitter()
  const seen = { cancels: 0, lines: [] as string[], exits: [] as NodeJS.Signals[] }
  const interruption = new JobInterruption({
    cancel: () => { seen.cancels++ },
    log: (line) => { seen.lines.push(line) },
    exitAtOnce: (signal) => { seen.exits.push(signal) },
    cancelTimeoutMs,
    signals,
  })
  const send = (signal: NodeJS.Signals): void => { signals.emit(signal, signal) }
  return { interruption, seen, send, signals }
}

describe('JobInterruption', () => {
  it('cancels the job on the first Ctrl-C and says how to exit at once', () => {
    const { interruption, seen, send } = anInterruption()
    interruption.listen()
    send('SIGINT')
    assert.equal(interruption.isInterrupted, true)
    assert.equal(seen.cancels, 1)
    assert.deepEqual(seen.lines, ['\nCancelling job... (press Ctrl-C again to exit at once)'])
    assert.deepEqual(seen.exits, [])
    interruption.stopListening()
  })

  // before, a second Ctrl-C was ignored and a cancellation that never ended needed SIGKILL
  it('exits at once on a second signal, without cancelling again', () => {
    const { interruption, seen, send } = anInterruption()
    interruption.listen()
    send('SIGTERM')
    send('SIGINT')
    assert.equal(seen.cancels, 1)
    assert.deepEqual(seen.exits, ['SIGINT'])
    assert.equal(seen.lines.at(-1), 'Exiting at once, without waiting for the job to finish cancelling')
    interruption.stopListening()
  })

  it('exits anyway, saying so, when the process is still there a bound after the first signal', async () => {
    const { interruption, seen, send } = anInterruption(20)
    interruption.listen()
    send('SIGTERM')
    interruption.stopListening() // the job says "canceled", but something still holds the process
    await pollUntil('the forced exit', () => (seen.exits.length > 0 ? true : undefined), { timeoutMs: 5000 })
    assert.deepEqual(seen.exits, ['SIGTERM'])
    assert.match(seen.lines.at(-1)!, /^Cancelling has not ended the process within 0\.02 s; exiting without waiting any longer/)
  })

  it('still cancels and exits when it cannot log (stderr is a closed pipe)', () => {
    const signals = new EventEmitter()
    const seen = { cancels: 0, exits: [] as NodeJS.Signals[] }
    const interruption = new JobInterruption({
      cancel: () => { seen.cancels++ },
      log: () => { throw new Error('write EPIPE') },
      exitAtOnce: (signal) => { seen.exits.push(signal) },
      signals,
    })
    interruption.listen()
    signals.emit('SIGINT', 'SIGINT')
    signals.emit('SIGINT', 'SIGINT')
    assert.deepEqual(seen, { cancels: 1, exits: ['SIGINT'] })
    interruption.stopListening()
  })

  it('leaves signals to their default handling once it stops listening', () => {
    const { interruption, signals } = anInterruption()
    interruption.listen()
    assert.equal(signals.listenerCount('SIGINT'), 1)
    assert.equal(signals.listenerCount('SIGTERM'), 1)
    interruption.stopListening()
    assert.equal(signals.listenerCount('SIGINT'), 0)
    assert.equal(signals.listenerCount('SIGTERM'), 0)
  })
})
