import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ResultPartition } from '../../../src/runtime/network/result-partition.js'
import { TestingChannelTransport } from '../../support/testing-channel-transport.js'

/** A partition with one subpartition (channel 7) whose consumer is never connected: the test plays the consumer. */
function aPartition({ segmentSizeBytes = 64, capacity = 10 } = {}) {
  const transport = new TestingChannelTransport()
  const partition = new ResultPartition([7], segmentSizeBytes, capacity, transport)
  const sub = partition.subpartitions[0]!
  /** Emits one record and ships it as a buffer of its own. */
  const queueBuffer = (value: unknown) => {
    partition.emitRecord(0, value, Number.NaN)
    partition.flush()
  }
  return { transport, partition, sub, queueBuffer }
}

const kinds = (transport: TestingChannelTransport) => transport.takeLog().map((m) => (m.kind === 'buffer' ? `buffer(backlog ${m.backlog})` : m.kind))

describe('ResultSubpartition: credit-based flow control', () => {
  it('queues finished buffers while it has no credit and sends nothing', () => {
    const { transport, sub, queueBuffer } = aPartition()
    queueBuffer('a')
    queueBuffer('b')
    assert.deepEqual(transport.log, [])
    assert.equal(sub.backlog, 2)
    assert.equal(sub.bytesSent, 0)
  })

  it('sends exactly as many buffers as credits granted, announcing the backlog behind each', () => {
    const { transport, sub, queueBuffer } = aPartition()
    for (const v of ['a', 'b', 'c', 'd', 'e']) queueBuffer(v)
    sub.onCredit(2, [])
    assert.deepEqual(kinds(transport), ['buffer(backlog 4)', 'buffer(backlog 3)'])
    sub.onCredit(1, [])
    assert.deepEqual(kinds(transport), ['buffer(backlog 2)'])
    assert.equal(sub.backlog, 2)
  })

  it('keeps unused credit and spends it on the next finished buffer right away', () => {
    const { transport, sub, queueBuffer } = aPartition()
    sub.onCredit(2, [])
    assert.deepEqual(transport.log, [])
    queueBuffer('a')
    queueBuffer('b')
    queueBuffer('c')
    assert.deepEqual(kinds(transport), ['buffer(backlog 0)', 'buffer(backlog 0)'])
    assert.equal(sub.backlog, 1)
  })

  it('does not send a partially filled buffer until it is flushed', () => {
    const { transport, partition, sub } = aPartition()
    sub.onCredit(5, [])
    partition.emitRecord(0, 1, Number.NaN)
    partition.emitRecord(0, 2, Number.NaN)
    assert.deepEqual(transport.log, [])
    partition.flush()
    assert.deepEqual(kinds(transport), ['buffer(backlog 0)'])
  })

  it('sends end-of-partition without credit, but never ahead of queued buffers', () => {
    const { transport, partition, sub, queueBuffer } = aPartition()
    queueBuffer('a')
    partition.finish()
    assert.deepEqual(transport.log, [])
    assert.equal(partition.isDrained, false)
    sub.onCredit(1, [])
    assert.deepEqual(kinds(transport), ['buffer(backlog 1)', 'event'])
    assert.equal(partition.isDrained, true)

    const empty = aPartition()
    empty.partition.finish()
    assert.deepEqual(kinds(empty.transport), ['event'])
    assert.equal(empty.partition.isDrained, true)
  })

  it('ships a partially filled buffer ahead of end-of-partition', () => {
    const { transport, partition, sub } = aPartition()
    sub.onCredit(1, [])
    partition.emitRecord(0, 'last', Number.NaN)
    partition.finish()
    assert.deepEqual(kinds(transport), ['buffer(backlog 0)', 'event'])
  })

  it('returns the buffers the consumer hands back with credit to the pool', () => {
    const { transport, partition, sub, queueBuffer } = aPartition({ capacity: 4 })
    queueBuffer('a')
    queueBuffer('b')
    assert.equal(partition.pool.usage, 2 / 4)
    sub.onCredit(2, [])
    assert.equal(partition.pool.usage, 2 / 4, 'sent buffers stay out until the consumer returns them')
    assert.equal(transport.log.length, 2)
    sub.onCredit(0, [new ArrayBuffer(64), new ArrayBuffer(64)])
    assert.equal(partition.pool.usage, 0)
  })

  it('counts the bytes of sent buffers only', () => {
    const { transport, sub, queueBuffer } = aPartition()
    queueBuffer('x')
    queueBuffer('y')
    sub.onCredit(1, [])
    const sent = transport.log[0]
    assert.ok(sent?.kind === 'buffer' && sent.length > 0)
    assert.equal(sub.bytesSent, sent.length)
  })

  it('recycles an empty buffer on flush instead of sending it', () => {
    const { transport, partition, sub } = aPartition({ capacity: 2 })
    sub.onCredit(1, [])
    sub.startBuffer()
    assert.equal(partition.pool.usage, 0.5)
    partition.flush()
    assert.equal(partition.pool.usage, 0)
    assert.deepEqual(transport.log, [])
  })
})
