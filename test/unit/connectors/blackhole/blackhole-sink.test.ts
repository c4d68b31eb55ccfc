import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Sink } from '../../../../src/api/sink.js'
import { BlackholeSink } from '../../../../src/connectors/blackhole/blackhole-sink.js'

describe('BlackholeSink', () => {
  it('accepts records, flushes and closes without output or limits on parallelism', () => {
    const sink: Sink<{ id: number }> = new BlackholeSink<{ id: number }>()
    assert.equal(sink.maxParallelism, undefined)
    const writer = sink.createWriter({ subtaskIndex: 0, parallelism: 2 })
    for (let i = 0; i < 1000; i++) writer.write({ id: i }, i)
    writer.flush(false)
    writer.flush(true)
    writer.close()
  })
})
