import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BufferPool } from '../../../src/runtime/network/buffer-pool.js'

describe('BufferPool', () => {
  it('hands out segment-sized buffers and is available until capacity buffers are out', () => {
    const pool = new BufferPool(64, 3)
    assert.equal(pool.isAvailable, true)
    assert.equal(pool.usage, 0)
    const buffers = [pool.request(), pool.request()]
    assert.ok(buffers.every((b) => b.byteLength === 64))
    assert.equal(pool.isAvailable, true)
    assert.equal(pool.usage, 2 / 3)
    buffers.push(pool.request())
    assert.equal(pool.isAvailable, false)
    assert.equal(pool.usage, 1)
  })

  it('still hands out a buffer beyond capacity (a record cannot wait) and reports usage above 1', () => {
    const pool = new BufferPool(64, 2)
    pool.request()
    pool.request()
    const extra = pool.request()
    assert.equal(extra.byteLength, 64)
    assert.equal(pool.usage, 1.5)
    assert.equal(pool.isAvailable, false)
  })

  it('reuses recycled buffers instead of allocating', () => {
    const pool = new BufferPool(64, 2)
    const first = pool.request()
    pool.recycle(first)
    assert.equal(pool.usage, 0)
    assert.equal(pool.request(), first)
  })

  it('calls onAvailable once when an exhausted pool gets a buffer back, not on other recycles', () => {
    const pool = new BufferPool(64, 2)
    let calls = 0
    pool.onAvailable = () => { calls++ }
    const a = pool.request()
    const b = pool.request()
    const overflow = pool.request()
    pool.recycle(overflow) // 3 → 2 out: still exhausted
    assert.equal(calls, 0)
    assert.equal(pool.isAvailable, false)
    pool.recycle(a) // 2 → 1 out: available again
    assert.equal(calls, 1)
    pool.recycle(b) // was available already
    assert.equal(calls, 1)
    pool.request()
    pool.request()
    pool.recycle(pool.request())
    assert.equal(calls, 1, 'recycling an overflow buffer back to exactly capacity is not availability')
  })

  it('counts oversized buffers as out but does not pool them', () => {
    const pool = new BufferPool(64, 2)
    const big = pool.requestOversized(1000)
    assert.equal(big.byteLength, 1000)
    assert.equal(pool.usage, 0.5)
    pool.recycle(big)
    assert.equal(pool.usage, 0)
    const next = pool.request()
    assert.notEqual(next, big)
    assert.equal(next.byteLength, 64)
  })

  it('keeps at most capacity free buffers', () => {
    const pool = new BufferPool(8, 2)
    const out = [pool.request(), pool.request(), pool.request(), pool.request()]
    for (const b of out) pool.recycle(b)
    assert.equal(pool.usage, 0)
    const again = [pool.request(), pool.request(), pool.request()]
    assert.equal(again.filter((b) => out.includes(b)).length, 2)
  })
})
