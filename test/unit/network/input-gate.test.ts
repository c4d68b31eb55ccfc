import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CorruptNetworkBufferError } from '../../../src/errors.js'
import { InputGate } from '../../../src/runtime/network/input-gate.js'
import { ResultPartition } from '../../../src/runtime/network/result-partition.js'
import { RecordingInputHandler, TestingChannelTransport, type TransportMessage } from '../../support/testing-channel-transport.js'

interface NetworkOptions {
  readonly channels?: number
  readonly segmentSizeBytes?: number
  readonly buffersPerChannel?: number
  readonly floatingBuffers?: number
  /** The logical input of each channel; all 1 unless given. */
  readonly inputIndexes?: readonly (1 | 2)[]
}

/**
 * One consumer subtask reading `channels` producers (channel i comes from producer i, channel id
 * 100 + i), each with a one-subpartition ResultPartition sized like the runtime sizes it.
 */
function aNetwork({ channels = 2, segmentSizeBytes = 64, buffersPerChannel = 2, floatingBuffers = 0, inputIndexes }: NetworkOptions = {}) {
  const transport = new TestingChannelTransport()
  const channelIds = Array.from({ length: channels }, (_, i) => 100 + i)
  const producers = channelIds.map((id) => new ResultPartition([id], segmentSizeBytes, buffersPerChannel + floatingBuffers + 1, transport))
  const gate = new InputGate(channelIds.map((channelId, i) => ({ channelId, inputIndex: inputIndexes?.[i] ?? 1 })), transport, buffersPerChannel, floatingBuffers)
  transport.connect(producers, gate)
  const handler = new RecordingInputHandler()
  /** Delivers everything in flight and lets the gate read up to maxRecords records once. */
  const processOnce = (maxRecords = 1000) => {
    transport.deliver()
    const status = gate.processElements(handler, maxRecords)
    transport.deliver()
    return status
  }
  /** Reads (and lets credit release more buffers) until nothing moves any more. */
  const process = () => {
    for (;;) {
      transport.deliver()
      const status = gate.processElements(handler, 1000)
      if (transport.deliver() === 0 || status === 'back-pressured') return status
    }
  }
  return { transport, producers, gate, handler, process, processOnce }
}

const creditsOf = (log: readonly TransportMessage[], channelId: number) =>
  log.filter((m): m is Extract<TransportMessage, { kind: 'credit' }> => m.kind === 'credit' && m.channelId === channelId).map((m) => m.credits)
const buffersOf = (log: readonly TransportMessage[], channelId: number) =>
  log.filter((m): m is Extract<TransportMessage, { kind: 'buffer' }> => m.kind === 'buffer' && m.channelId === channelId)

describe('InputGate: credit-based flow control', () => {
  it('grants every channel its exclusive credit when opened, and nothing before', () => {
    const { transport, gate } = aNetwork({ channels: 3, buffersPerChannel: 2 })
    assert.deepEqual(transport.log, [])
    gate.open()
    assert.deepEqual(transport.log, [100, 101, 102].map((channelId) => ({ kind: 'credit', channelId, credits: 2, buffers: 0 })))
  })

  it('receives no more buffers from a producer than it granted credit for, until it reads them', () => {
    const { transport, producers, gate, handler, process, processOnce } = aNetwork({ channels: 1, buffersPerChannel: 2 })
    const producer = producers[0]!
    for (let i = 0; i < 5; i++) {
      producer.emitRecord(0, `${i}a`, Number.NaN)
      producer.emitRecord(0, `${i}b`, Number.NaN)
      producer.flush()
    }
    gate.open()
    transport.deliver()
    assert.equal(buffersOf(transport.takeLog(), 100).length, 2)
    assert.equal(producer.subpartitions[0]!.backlog, 3)

    assert.equal(processOnce(1), 'budget-exhausted')
    assert.deepEqual(transport.takeLog(), [], 'a buffer is credited back only once it has been read completely')
    assert.equal(processOnce(1), 'budget-exhausted')
    // reading a buffer returns it with one credit, which releases exactly one more buffer
    const log = transport.takeLog()
    assert.deepEqual(creditsOf(log, 100), [1])
    assert.equal(buffersOf(log, 100).length, 1)
    assert.equal(producer.subpartitions[0]!.backlog, 2)
    assert.equal(process(), 'no-data')
    assert.deepEqual(handler.take(), ['0a', '0b', '1a', '1b', '2a', '2b', '3a', '3b', '4a', '4b'].map((v) => `1:"${v}"`))
    assert.equal(producer.pool.usage, 0, 'every buffer went back to the producer pool')
  })

  it('hands floating credit to a channel that announces a backlog, and not to one without', () => {
    const { transport, producers, gate } = aNetwork({ channels: 2, buffersPerChannel: 1, floatingBuffers: 2 })
    for (let i = 0; i < 4; i++) {
      producers[0]!.emitRecord(0, i, Number.NaN)
      producers[0]!.flush()
    }
    producers[1]!.emitRecord(0, 'only', Number.NaN)
    producers[1]!.flush()
    gate.open()
    transport.deliver()
    const log = transport.takeLog()
    assert.deepEqual(creditsOf(log, 100), [1, 1, 1], 'exclusive credit, then both floating credits')
    assert.deepEqual(creditsOf(log, 101), [1], 'exclusive credit only')
    assert.deepEqual(buffersOf(log, 100).map((m) => m.backlog), [3, 2, 1])
    assert.equal(gate.channel(100)!.floatingCreditsHeld, 2)
    assert.equal(producers[0]!.subpartitions[0]!.backlog, 1, 'no floating credit is left for the fourth buffer')
  })

  it('returns floating credit to the gate once the channel has no backlog, so another channel can get it', () => {
    const { transport, producers, gate, handler, process, processOnce } = aNetwork({ channels: 2, buffersPerChannel: 1, floatingBuffers: 1 })
    for (let i = 0; i < 2; i++) {
      producers[0]!.emitRecord(0, `a${i}`, Number.NaN)
      producers[0]!.flush()
    }
    gate.open()
    transport.deliver()
    assert.equal(gate.channel(100)!.floatingCreditsHeld, 1)
    process()
    assert.deepEqual(handler.take(), ['1:"a0"', '1:"a1"'])
    assert.equal(gate.channel(100)!.floatingCreditsHeld, 0)
    transport.takeLog()

    // channel 101 still has its unused exclusive credit: the first buffer leaves at once, the others queue
    for (let i = 0; i < 3; i++) {
      producers[1]!.emitRecord(0, `b${i}`, Number.NaN)
      producers[1]!.flush()
    }
    processOnce()
    assert.equal(gate.channel(101)!.floatingCreditsHeld, 1, 'the returned floating credit went to the channel with backlog')
    assert.deepEqual(buffersOf(transport.takeLog(), 101).map((m) => m.backlog), [0, 1, 0])
  })

  it('does not keep floating credit on a channel whose only backlog is its end-of-partition', () => {
    const { transport, producers, gate, process } = aNetwork({ channels: 1, buffersPerChannel: 1, floatingBuffers: 1 })
    producers[0]!.emitRecord(0, 'a', Number.NaN)
    producers[0]!.emitRecord(0, 'b', Number.NaN)
    producers[0]!.finish()
    gate.open()
    assert.equal(process(), 'end-of-input')
    assert.equal(gate.channel(100)!.floatingCreditsHeld, 0)
    assert.equal(gate.usage, 0)
  })

  it('bounds producer memory: the pool runs out while the consumer does not read, and recovers when it does', () => {
    const { producers, gate, handler, process, processOnce } = aNetwork({ channels: 1, segmentSizeBytes: 32, buffersPerChannel: 2, floatingBuffers: 1 })
    const producer = producers[0]!
    let availableCalls = 0
    producer.pool.onAvailable = () => { availableCalls++ }
    gate.open()
    let emitted = 0
    while (producer.pool.isAvailable) {
      producer.emitRecord(0, `record-${emitted++}`, Number.NaN)
      producer.flush()
    }
    processOnce(0)
    assert.equal(producer.pool.isAvailable, false)
    assert.equal(gate.usage, 3 / 3, 'the consumer holds every buffer it has credit for')
    assert.equal(process(), 'no-data')
    assert.equal(availableCalls, 1)
    assert.equal(producer.pool.usage, 0)
    assert.equal(handler.take().length, emitted)
  })
})

describe('InputGate: records, watermarks and end of input', () => {
  it('delivers records with their timestamps and watermarks in the order they were written', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 1 })
    const producer = producers[0]!
    producer.emitRecord(0, { id: 1 }, 10)
    producer.broadcastWatermark(10)
    producer.emitRecord(0, 'no timestamp', Number.NaN)
    producer.emitRecord(0, [2, 3], 20)
    producer.broadcastWatermark(15)
    producer.flush()
    gate.open()
    process()
    assert.deepEqual(handler.take(), ['1:{"id":1}@10', 'wm:10', '1:"no timestamp"', '1:[2,3]@20', 'wm:15'])
    assert.equal(gate.numRecordsIn, 3)
  })

  it('keeps the order of many records spread over many small buffers, per channel', () => {
    const { producers, gate, handler, process, processOnce } = aNetwork({ channels: 2, segmentSizeBytes: 48, buffersPerChannel: 2, floatingBuffers: 2 })
    gate.open()
    for (let i = 0; i < 300; i++) {
      producers[i % 2]!.emitRecord(0, { seq: i, text: `value ${i}` }, i)
      if (i % 17 === 0) processOnce(7)
    }
    for (const p of producers) p.finish()
    while (processOnce(13) !== 'end-of-input') { /* keep reading */ }
    const received = handler.take().filter((e) => e.startsWith('1:')).map((e) => JSON.parse(e.slice(2, e.lastIndexOf('@'))).seq as number)
    assert.equal(received.length, 300)
    for (const parity of [0, 1]) {
      const own = received.filter((seq) => seq % 2 === parity)
      assert.deepEqual(own, [...own].sort((a, b) => a - b))
    }
    for (const p of producers) {
      assert.equal(p.isDrained, true)
      assert.equal(p.pool.usage, 0)
    }
  })

  it('delivers a record larger than a segment in an oversized buffer of its own', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 1, segmentSizeBytes: 32 })
    const big = 'x'.repeat(500)
    producers[0]!.emitRecord(0, 'small', 1)
    producers[0]!.emitRecord(0, big, 2)
    producers[0]!.emitRecord(0, 'after', 3)
    producers[0]!.flush()
    gate.open()
    process()
    assert.deepEqual(handler.take(), ['1:"small"@1', `1:${JSON.stringify(big)}@2`, '1:"after"@3'])
    assert.equal(producers[0]!.pool.usage, 0)
  })

  it('sends records of a second-input channel to processRecord2', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 2, inputIndexes: [1, 2] })
    producers[0]!.emitRecord(0, 'left', Number.NaN)
    producers[1]!.emitRecord(0, 'right', Number.NaN)
    for (const p of producers) p.flush()
    gate.open()
    process()
    assert.deepEqual(handler.take().sort(), ['1:"left"', '2:"right"'])
  })

  it('forwards the minimum watermark over its channels, and only when it advances', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 2 })
    gate.open()
    const watermark = (channel: number, ms: number) => { producers[channel]!.broadcastWatermark(ms); producers[channel]!.flush(); process() }
    watermark(0, 100)
    assert.deepEqual(handler.take(), [], 'channel 1 has no watermark yet')
    watermark(1, 50)
    assert.deepEqual(handler.take(), ['wm:50'])
    watermark(1, 200)
    assert.deepEqual(handler.take(), ['wm:100'])
    watermark(1, 150) // a channel watermark never goes back
    watermark(0, 120)
    assert.deepEqual(handler.take(), ['wm:120'])
    assert.equal(gate.combinedWatermarkMs, 120)
  })

  it('ignores idle channels, goes idle when all are, and active when one resumes', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 2 })
    gate.open()
    const send = (channel: number, act: (p: ResultPartition) => void) => { act(producers[channel]!); producers[channel]!.flush(); process() }
    send(0, (p) => p.broadcastWatermark(100))
    send(1, (p) => p.broadcastWatermarkStatus(true))
    assert.deepEqual(handler.take(), ['wm:100'], 'the idle channel no longer holds the watermark back')
    send(0, (p) => p.broadcastWatermark(130))
    assert.deepEqual(handler.take(), ['wm:130'])
    send(0, (p) => p.broadcastWatermarkStatus(true))
    assert.deepEqual(handler.take(), ['idle'])
    send(1, (p) => { p.broadcastWatermarkStatus(false); p.broadcastWatermark(140) })
    assert.deepEqual(handler.take(), ['active', 'wm:140'])
  })

  it('ends input once every channel delivered end-of-partition, with a final +∞ watermark', () => {
    const { producers, gate, handler, process } = aNetwork({ channels: 2 })
    gate.open()
    producers[0]!.emitRecord(0, 'a', 1)
    producers[0]!.broadcastWatermark(5)
    producers[0]!.finish()
    assert.equal(process(), 'no-data')
    assert.deepEqual(handler.take(), ['1:"a"@1'])
    assert.equal(gate.isFinished, false)
    producers[1]!.broadcastWatermark(7)
    producers[1]!.finish()
    assert.equal(process(), 'end-of-input')
    assert.deepEqual(handler.take(), ['wm:7', 'wm:Infinity'])
    assert.equal(gate.isFinished, true)
    assert.equal(gate.hasData, false)
  })

  it('stops before the next element while output is back-pressured and resumes at the same place', () => {
    const { producers, gate, handler, process, processOnce } = aNetwork({ channels: 1 })
    for (const v of [1, 2, 3]) producers[0]!.emitRecord(0, v, Number.NaN)
    producers[0]!.flush()
    gate.open()
    assert.equal(processOnce(1), 'budget-exhausted')
    handler.isOutputAvailableNow = false
    assert.equal(process(), 'back-pressured')
    assert.deepEqual(handler.take(), ['1:1'])
    handler.isOutputAvailableNow = true
    assert.equal(process(), 'no-data')
    assert.deepEqual(handler.take(), ['1:2', '1:3'])
  })

  it('calls onDataAvailable when data arrives at a gate that had none', () => {
    const { producers, gate, transport, process } = aNetwork({ channels: 2 })
    let calls = 0
    gate.onDataAvailable = () => { calls++ }
    gate.open()
    for (const p of producers) { p.emitRecord(0, 1, Number.NaN); p.flush() }
    transport.deliver()
    assert.equal(calls, 1)
    process()
    producers[0]!.emitRecord(0, 2, Number.NaN)
    producers[0]!.flush()
    transport.deliver()
    assert.equal(calls, 2)
  })

  it('rejects a buffer with an unknown element tag', () => {
    const { gate, handler } = aNetwork({ channels: 1 })
    gate.onBuffer(gate.channel(100)!, new Uint8Array([99, 0, 0]).buffer, 3, 0)
    assert.throws(() => gate.processElements(handler, 10), CorruptNetworkBufferError)
  })

  it('delivers a latency marker in line with the records around it, never ahead of them', () => {
    const { gate, producers, handler, process } = aNetwork({ channels: 1, segmentSizeBytes: 4096 })
    gate.open()
    producers[0]!.emitRecord(0, 'before', Number.NaN)
    producers[0]!.emitLatencyMarker(0, { markedTimeMs: 1234.5, sourceVertexIndex: 3, sourceSubtaskIndex: 1 })
    producers[0]!.emitRecord(0, 'after', Number.NaN)
    producers[0]!.flush()
    process()
    assert.deepEqual(handler.take(), ['1:"before"', 'latency:1234.5@3/1', '1:"after"'])
  })
})
