import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ResultPartition } from '../../../src/runtime/network/result-partition.js'
import { TestingChannelTransport } from '../../support/testing-channel-transport.js'

function aPartition(channelIds: readonly number[], { segmentSizeBytes = 64, capacity = 16 } = {}) {
  const transport = new TestingChannelTransport()
  const partition = new ResultPartition(channelIds, segmentSizeBytes, capacity, transport)
  for (const sub of partition.subpartitions) sub.onCredit(100, [])
  return { transport, partition }
}

const sentTo = (transport: TestingChannelTransport) => transport.takeLog().map((m) => `${m.kind}:${m.channelId}`)

describe('ResultPartition', () => {
  it('has one subpartition per channel, in the given order', () => {
    const { partition } = aPartition([5, 3, 9])
    assert.deepEqual(partition.subpartitions.map((s) => s.channelId), [5, 3, 9])
  })

  it('writes a record only into the subpartition it is emitted to', () => {
    const { transport, partition } = aPartition([5, 3, 9])
    partition.emitRecord(1, 'x', Number.NaN)
    partition.flush()
    assert.deepEqual(sentTo(transport), ['buffer:3'])
    assert.equal(partition.numRecordsOut, 1)
  })

  it('broadcasts watermarks, watermark status and end-of-partition to every subpartition', () => {
    const { transport, partition } = aPartition([5, 3])
    partition.broadcastWatermark(10)
    partition.flush()
    assert.deepEqual(sentTo(transport), ['buffer:5', 'buffer:3'])
    partition.broadcastWatermarkStatus(true)
    partition.finish()
    assert.deepEqual(sentTo(transport), ['buffer:5', 'event:5', 'buffer:3', 'event:3'])
    assert.equal(partition.isDrained, true)
  })

  it('starts a new buffer when a watermark does not fit in the current one', () => {
    const { transport, partition } = aPartition([1], { segmentSizeBytes: 16 })
    partition.broadcastWatermark(1) // 9 bytes
    partition.broadcastWatermark(2) // does not fit in the remaining 7
    partition.flush()
    assert.deepEqual(transport.takeLog().map((m) => m.kind === 'buffer' && m.length), [9, 9])
  })

  it('counts the bytes of sent buffers as numBytesOut', () => {
    const { transport, partition } = aPartition([1, 2])
    partition.emitRecord(0, 'hello', 1)
    partition.emitRecord(1, 'world!', 2)
    assert.equal(partition.numBytesOut, 0)
    partition.flush()
    const total = transport.takeLog().reduce((sum, m) => sum + (m.kind === 'buffer' ? m.length : 0), 0)
    assert.ok(total > 0)
    assert.equal(partition.numBytesOut, total)
  })

  it('takes no pooled buffer for good when a record needs an oversized buffer', () => {
    const { transport, partition } = aPartition([1], { segmentSizeBytes: 32, capacity: 4 })
    partition.emitRecord(0, 'y'.repeat(1000), Number.NaN)
    const sent = transport.takeLog()
    assert.equal(sent.length, 1, 'the oversized record is sent on its own, at once')
    assert.equal(partition.pool.usage, 1 / 4, 'only the oversized buffer in flight is out')
    partition.subpartitions[0]!.onCredit(0, [new ArrayBuffer(2048)])
    assert.equal(partition.pool.usage, 0)
  })
})
