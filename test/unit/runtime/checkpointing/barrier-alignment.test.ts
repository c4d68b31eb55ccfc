import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AlignedBarrierHandler } from '../../../../src/runtime/checkpointing/aligned-barrier-handler.js'
import { AtLeastOnceBarrierHandler } from '../../../../src/runtime/checkpointing/at-least-once-barrier-handler.js'
import type { CheckpointBarrierTarget } from '../../../../src/runtime/checkpointing/checkpoint-barrier-handler.js'
import { InputGate } from '../../../../src/runtime/network/input-gate.js'
import { ResultPartition } from '../../../../src/runtime/network/result-partition.js'
import { ManualClock } from '../../../support/manual-clock.js'
import { RecordingInputHandler, TestingChannelTransport } from '../../../support/testing-channel-transport.js'

/** Two producers into one gate; the handler's log shows records and snapshots in the order the task saw them. */
function aGate(mode: 'aligned' | 'at-least-once') {
  const transport = new TestingChannelTransport()
  const producers = [100, 101].map((id) => new ResultPartition([id], 4096, 8, transport))
  const gate = new InputGate([100, 101].map((channelId) => ({ channelId, inputIndex: 1 as const })), transport, 4, 0)
  transport.connect(producers, gate)
  const handler = new RecordingInputHandler()
  const clock = new ManualClock()
  const target: CheckpointBarrierTarget = {
    triggerCheckpointOnBarrier: (id, _ts, alignmentMs) => { handler.received.push(`snapshot:${id}(aligned in ${alignmentMs} ms)`) },
    abortCheckpointOnBarrier: (id) => { handler.received.push(`abort:${id}`) },
  }
  gate.barrierHandler = mode === 'aligned'
    ? new AlignedBarrierHandler(2, gate, target, clock)
    : new AtLeastOnceBarrierHandler(2, target, clock)
  gate.open()
  const run = () => {
    for (let i = 0; i < 10; i++) {
      transport.deliver()
      gate.processElements(handler, 1000)
    }
    transport.deliver()
  }
  const emit = (producer: number, ...elements: (string | number)[]) => {
    for (const element of elements) {
      if (typeof element === 'number') producers[producer]!.broadcastBarrier(element, 0)
      else producers[producer]!.emitRecord(0, element, Number.NaN)
    }
    producers[producer]!.flush()
  }
  return { gate, handler, run, emit, clock, producers }
}

describe('checkpoint barriers at an input gate', () => {
  it('exactly once: holds back a channel past its barrier until the other channel delivers it too', () => {
    const { handler, run, emit } = aGate('aligned')
    emit(0, 'a1', 1, 'a2')
    emit(1, 'b1', 'b2')
    run()
    assert.deepEqual(handler.take(), ['1:"a1"', '1:"b1"', '1:"b2"'], 'a2 waits behind the barrier')
    emit(1, 1, 'b3')
    run()
    const log = handler.take()
    assert.equal(log[0], 'snapshot:1(aligned in 0 ms)', 'the snapshot comes before a2 and b3')
    assert.deepEqual(new Set(log.slice(1)), new Set(['1:"a2"', '1:"b3"']))
  })

  it('exactly once: the snapshot sees exactly the records before the barriers', () => {
    const { handler, run, emit } = aGate('aligned')
    emit(0, 'a1', 1, 'a2', 'a3')
    emit(1, 'b1', 1, 'b2')
    run()
    const log = handler.take()
    const snapshotAt = log.indexOf('snapshot:1(aligned in 0 ms)')
    assert.ok(snapshotAt >= 0, JSON.stringify(log))
    assert.deepEqual(new Set(log.slice(0, snapshotAt)), new Set(['1:"a1"', '1:"b1"']))
    assert.deepEqual(new Set(log.slice(snapshotAt + 1)), new Set(['1:"a2"', '1:"a3"', '1:"b2"']))
  })

  it('exactly once: a finished channel counts as having delivered the barrier', () => {
    const { handler, run, emit, producers } = aGate('aligned')
    emit(0, 'a1', 1, 'a2')
    producers[1]!.finish()
    run()
    assert.deepEqual(handler.take().filter((e) => !e.startsWith('wm')), ['1:"a1"', 'snapshot:1(aligned in 0 ms)', '1:"a2"'])
  })

  it('exactly once: a newer barrier aborts an alignment that did not complete', () => {
    const { handler, run, emit } = aGate('aligned')
    emit(0, 1, 2, 'a1')
    run()
    emit(1, 2, 'b1')
    run()
    const log = handler.take()
    assert.deepEqual(log.slice(0, 2), ['abort:1', 'snapshot:2(aligned in 0 ms)'])
    assert.deepEqual(new Set(log.slice(2)), new Set(['1:"a1"', '1:"b1"']))
  })

  it('at least once: never holds a channel back, snapshots when the last barrier arrives', () => {
    const { handler, run, emit } = aGate('at-least-once')
    emit(0, 'a1', 1, 'a2')
    emit(1, 'b1')
    run()
    assert.deepEqual(new Set(handler.take()), new Set(['1:"a1"', '1:"a2"', '1:"b1"']), 'a2 was read past the barrier')
    emit(1, 1, 'b2')
    run()
    assert.deepEqual(handler.take(), ['snapshot:1(aligned in 0 ms)', '1:"b2"'])
  })
})
