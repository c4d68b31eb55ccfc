import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AtLeastOnceBarrierHandler } from '../../../../src/runtime/checkpointing/at-least-once-barrier-handler.js'
import { ChannelStateRecorder, type ChannelState } from '../../../../src/runtime/checkpointing/channel-state.js'
import type { CheckpointBarrierTarget } from '../../../../src/runtime/checkpointing/checkpoint-barrier-handler.js'
import { ExactlyOnceBarrierHandler } from '../../../../src/runtime/checkpointing/exactly-once-barrier-handler.js'
import { InputGate } from '../../../../src/runtime/network/input-gate.js'
import { ResultPartition } from '../../../../src/runtime/network/result-partition.js'
import { ManualClock } from '../../../support/manual-clock.js'
import { RecordingInputHandler, TestingChannelTransport } from '../../../support/testing-channel-transport.js'

/**
 * Two producers into one gate; the handler's log shows records and snapshots in the order the task saw them.
 * `emit` takes records (strings) and in-line barriers (numbers); `unalignAfterMs` goes with those barriers.
 */
function aGate(mode: 'aligned' | 'at-least-once', unalignAfterMs = Number.POSITIVE_INFINITY) {
  const transport = new TestingChannelTransport()
  const producers = [100, 101].map((id) => new ResultPartition([id], 4096, 8, transport))
  const gate = new InputGate([100, 101].map((channelId) => ({ channelId, inputIndex: 1 as const })), transport, 4, 0)
  transport.connect(producers, gate)
  const handler = new RecordingInputHandler()
  const clock = new ManualClock()
  const channelStates = new Map<number, Promise<ChannelState | undefined>>()
  const timers: (() => void)[] = []
  const processedDuringAlignment: number[] = []
  const target: CheckpointBarrierTarget = {
    triggerCheckpointOnBarrier: (id, _ts, alignment) => {
      handler.received.push(`snapshot:${id}(aligned in ${alignment.alignmentDurationMs} ms)`)
      processedDuringAlignment.push(alignment.processedInFlightBytes)
    },
    triggerUnalignedCheckpointOnBarrier: (id) => {
      handler.received.push(`snapshot:${id}(unaligned)`)
      const recorder = new ChannelStateRecorder(id, 2, [])
      channelStates.set(id, recorder.completion)
      return recorder
    },
    abortCheckpointOnBarrier: (id) => { handler.received.push(`abort:${id}`) },
    schedule: (_delayMs, action) => {
      timers.push(action)
      return () => timers.splice(timers.indexOf(action), 1)
    },
  }
  gate.barrierHandler = mode === 'aligned'
    ? new ExactlyOnceBarrierHandler(2, gate, target, clock)
    : new AtLeastOnceBarrierHandler(2, target, clock)
  gate.open()
  const run = (budget = 1000) => {
    for (let i = 0; i < 10; i++) {
      transport.deliver()
      gate.processElements(handler, budget)
    }
    transport.deliver()
  }
  const emit = (producer: number, ...elements: (string | number)[]) => {
    for (const element of elements) {
      if (typeof element === 'number') producers[producer]!.broadcastBarrier(element, 0, unalignAfterMs)
      else producers[producer]!.emitRecord(0, element, Number.NaN)
    }
    producers[producer]!.flush()
  }
  /** Sends an unaligned barrier ahead of whatever the producer still queues for lack of credit. */
  const emitPriorityBarrier = (producer: number, checkpointId: number) => {
    producers[producer]!.broadcastPriorityBarrier(checkpointId, 0, new ChannelStateRecorder(checkpointId, 0, [1]), 0)
  }
  return { gate, handler, run, emit, emitPriorityBarrier, clock, producers, channelStates, timers, transport, processedDuringAlignment }
}

/** What a subtask resuming from the channel state reads first, per channel. */
function replay(state: ChannelState, resumedCheckpointId: number): string[] {
  const transport = new TestingChannelTransport()
  const gate = new InputGate(state.inputChannels.map((_, i) => ({ channelId: 200 + i, inputIndex: 1 as const })), transport, 4, 0)
  transport.connect([], gate)
  const target = { triggerCheckpointOnBarrier: () => assert.fail('a replayed barrier is stale') } as unknown as CheckpointBarrierTarget
  gate.barrierHandler = new ExactlyOnceBarrierHandler(state.inputChannels.length, gate, target, new ManualClock())
  gate.barrierHandler.resumeAfter(resumedCheckpointId)
  gate.restoreInFlight(state.inputChannels)
  const handler = new RecordingInputHandler()
  gate.processElements(handler, 1000)
  assert.equal(transport.takeLog().filter((m) => m.kind === 'credit').length, 0, 'replayed buffers earn the producers no credit')
  return handler.take()
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

  it('exactly once: reports the input processed while aligning (from the channels still to deliver the barrier)', () => {
    const processedWith = (recordsDuringAlignment: string[]) => {
      const { run, emit, processedDuringAlignment } = aGate('aligned')
      emit(0, 'a1', 1)
      run()
      if (recordsDuringAlignment.length > 0) emit(1, ...recordsDuringAlignment)
      run()
      emit(1, 1)
      run()
      return processedDuringAlignment[0]!
    }
    const idle = processedWith([])
    const busy = processedWith(Array.from({ length: 50 }, (_, i) => `record-${i}`))
    assert.ok(busy > idle + 400, `${busy} bytes with 50 records read while aligning, ${idle} without`)
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

  it('unaligned: the first barrier snapshots at once; the data it overtook is persisted, not waited for', async () => {
    const { handler, run, emit, emitPriorityBarrier, channelStates, transport } = aGate('aligned')
    transport.deliver() // the initial credit: what the producers flush now is on its way before the barrier
    emit(0, 'a1', 'a2')
    emit(1, 'b1')
    emitPriorityBarrier(0, 1)
    emit(0, 'a3')
    run()
    const log = handler.take()
    assert.equal(log[0], 'snapshot:1(unaligned)', 'no record is processed before the snapshot')
    assert.deepEqual(new Set(log.slice(1)), new Set(['1:"a1"', '1:"a2"', '1:"b1"', '1:"a3"']), 'nothing is blocked')
    emit(1, 'b2')
    emitPriorityBarrier(1, 1)
    emit(1, 'b3')
    run()
    assert.deepEqual(handler.take(), ['1:"b2"', '1:"b3"'])
    const state = await channelStates.get(1)!
    assert.ok(state !== undefined)
    assert.deepEqual(replay(state, 1), ['1:"a1"', '1:"a2"', '1:"b1"', '1:"b2"'], 'exactly the records before each channel\'s barrier')
  })

  it('unaligned: a partly read buffer resumes after the records the snapshot already covers', async () => {
    const { handler, run, emit, emitPriorityBarrier, channelStates, gate, transport } = aGate('aligned')
    emit(0, 'a1', 'a2', 'a3')
    emit(1, 'b1')
    transport.deliver()
    gate.processElements(handler, 1)
    assert.deepEqual(handler.take(), ['1:"a1"'])
    emitPriorityBarrier(0, 1)
    emitPriorityBarrier(1, 1)
    run()
    assert.equal(handler.take()[0], 'snapshot:1(unaligned)')
    const state = await channelStates.get(1)!
    assert.deepEqual(replay(state!, 1), ['1:"a2"', '1:"a3"', '1:"b1"'])
  })

  it('unaligned: the barrier overtakes output that waits for credit, which goes into the output state', () => {
    const transport = new TestingChannelTransport()
    const partition = new ResultPartition([300], 64, 8, transport)
    for (let i = 0; i < 20; i++) partition.emitRecord(0, `record-${i}`, Number.NaN)
    partition.flush()
    const recorder = new ChannelStateRecorder(7, 0, [1])
    partition.broadcastPriorityBarrier(7, 0, recorder, 0)
    const sent = transport.takeLog()
    assert.deepEqual(sent, [{ kind: 'event', channelId: 300, event: { kind: 'priority-barrier', checkpointId: 7, triggerTimestampMs: 0 } }],
      'without credit, only the barrier leaves')
    recorder.completeIfDone()
    return recorder.completion.then((state) => {
      const persisted = state!.subpartitions[0]![0]!
      assert.ok(persisted.length >= 2, 'several buffers were queued')
      assert.deepEqual(replay({ inputChannels: [persisted], subpartitions: [] }, 7), Array.from({ length: 20 }, (_, i) => `1:"record-${i}"`))
    })
  })

  it('aligned with a timeout: switches to unaligned once the start delay passes it, keeping what the open channel sent before its barrier', async () => {
    const { handler, run, emit, channelStates, timers } = aGate('aligned', 50)
    emit(0, 'a1', 1, 'a2')
    emit(1, 'b1')
    run()
    assert.deepEqual(new Set(handler.take()), new Set(['1:"a1"', '1:"b1"']), 'aligned first: a2 waits')
    assert.equal(timers.length, 1, 'the alignment timeout is scheduled')
    timers[0]!()
    emit(1, 'b2', 1, 'b3')
    run()
    const log = handler.take()
    assert.equal(log[0], 'snapshot:1(unaligned)')
    assert.deepEqual(new Set(log.slice(1)), new Set(['1:"a2"', '1:"b2"', '1:"b3"']), 'the blocked channel resumed')
    const state = await channelStates.get(1)!
    assert.deepEqual(replay(state!, 1), ['1:"b2"'], 'b1 was processed before the snapshot, a2 and b3 follow the barriers')
  })

  it('aligned with a timeout: records every buffer up to the barrier, also when the producer reuses the same buffers', async () => {
    const { handler, run, emit, channelStates, timers } = aGate('aligned', 50)
    emit(0, 'a1', 1)
    emit(1, 'b1')
    run()
    timers[0]!()
    run()
    assert.equal(handler.take().filter((e) => e.startsWith('snapshot')).length, 1)
    // each buffer is read and recycled before the next is filled: the producer fills the same ArrayBuffer again
    for (const record of ['b2', 'b3', 'b4', 'b5', 'b6']) {
      emit(1, record)
      run()
    }
    emit(1, 'b7', 1)
    run()
    const state = await channelStates.get(1)!
    assert.deepEqual(replay(state!, 1), ['1:"b2"', '1:"b3"', '1:"b4"', '1:"b5"', '1:"b6"', '1:"b7"'])
  })

  it('aligned with a timeout: a barrier still unread in the input queue is announced, so the timeout cuts the wait short', async () => {
    const { handler, run, emit, channelStates, timers, transport, gate } = aGate('aligned', 50)
    transport.deliver() // credit: the barrier's buffer leaves at once, and its announcement right behind it
    emit(0, 'a1', 'a2', 1)
    emit(1, 'b1')
    transport.deliver()
    gate.processPriorityBarriers() // the task's mail, before it reads anything
    assert.equal(timers.length, 1, 'the announcement starts the timeout')
    timers[0]!()
    assert.deepEqual(handler.take(), ['snapshot:1(unaligned)'], 'nothing was read before the snapshot')
    emit(1, 'b2', 1, 'b3')
    run()
    assert.deepEqual(new Set(handler.take()), new Set(['1:"a1"', '1:"a2"', '1:"b1"', '1:"b2"', '1:"b3"']))
    const state = await channelStates.get(1)!
    assert.deepEqual(replay(state!, 1), ['1:"a1"', '1:"a2"', '1:"b1"', '1:"b2"'], 'everything before each barrier, read after the snapshot')
  })

  it('aligned with a timeout: a barrier still waiting for credit overtakes the output queue at the timeout', () => {
    const transport = new TestingChannelTransport()
    const partition = new ResultPartition([300], 64, 8, transport)
    for (let i = 0; i < 10; i++) partition.emitRecord(0, `record-${i}`, Number.NaN)
    assert.equal(partition.broadcastBarrier(3, 0, 50), 1, 'no credit: the barrier waits in the queue')
    transport.takeLog()
    const recorder = new ChannelStateRecorder(3, 0, [1])
    partition.overtakeInlineBarriers(3, 0, recorder, 0)
    assert.deepEqual(transport.takeLog(), [{ kind: 'event', channelId: 300, event: { kind: 'priority-barrier', checkpointId: 3, triggerTimestampMs: 0 } }])
    recorder.completeIfDone()
    return recorder.completion.then((state) => {
      assert.deepEqual(replay({ inputChannels: [state!.subpartitions[0]![0]!], subpartitions: [] }, 3), Array.from({ length: 10 }, (_, i) => `1:"record-${i}"`))
    })
  })

  it('aligned with a timeout: a barrier that comes later than the timeout starts unaligned right away', () => {
    const { handler, run, emit, clock } = aGate('aligned', 50)
    clock.advance(80)
    emit(0, 1, 'a1')
    emit(1, 'b1')
    run()
    assert.equal(handler.take()[0], 'snapshot:1(unaligned)')
  })

  it('unaligned: a newer barrier aborts a checkpoint whose in-flight data is incomplete', async () => {
    const { handler, run, emitPriorityBarrier, channelStates } = aGate('aligned')
    emitPriorityBarrier(0, 1)
    run()
    emitPriorityBarrier(0, 2)
    run()
    assert.deepEqual(handler.take(), ['snapshot:1(unaligned)', 'abort:1', 'snapshot:2(unaligned)'])
    assert.equal(await channelStates.get(1), undefined, 'the aborted checkpoint has no channel state')
  })
})
