import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../../src/config/configuration.js'
import { configRegistry } from '../../../../src/config/options/all-options.js'
import {
  MEMORY_SEGMENT_SIZE, NETWORK_BUFFERS_PER_CHANNEL, NETWORK_EXTRA_BUFFERS_PER_GATE, NETWORK_MAX_BUFFERS_PER_CHANNEL,
  NUM_TASK_SLOTS,
} from '../../../../src/config/options/task-manager-options.js'

function configWith(key: string, value: string): Configuration {
  return Configuration.fromEntries([{ key, value, origin: '-D' }], configRegistry)
}

describe('task manager options', () => {
  it("carry Flink's defaults", () => {
    const config = Configuration.empty(configRegistry)
    assert.equal(config.get(NUM_TASK_SLOTS), 1)
    assert.equal(config.get(MEMORY_SEGMENT_SIZE), 32 * 1024)
    assert.equal(config.get(NETWORK_BUFFERS_PER_CHANNEL), 2)
    assert.equal(config.get(NETWORK_EXTRA_BUFFERS_PER_GATE), 8)
    assert.equal(config.get(NETWORK_MAX_BUFFERS_PER_CHANNEL), 10)
  })

  it('take the segment size as a memory size from 4 kb to 1 gb that is a power of two', () => {
    assert.equal(configWith('taskmanager.memory.segment-size', '64kb').get(MEMORY_SEGMENT_SIZE), 65_536)
    assert.throws(() => configWith('taskmanager.memory.segment-size', '2 kb'), /from 4 kb to 1 gb/)
    assert.throws(() => configWith('taskmanager.memory.segment-size', '48 kb'), /a power of two/)
  })

  it('allow zero floating buffers but not zero exclusive buffers or slots', () => {
    assert.equal(configWith('taskmanager.network.memory.floating-buffers-per-gate', '0')
      .get(NETWORK_EXTRA_BUFFERS_PER_GATE), 0)
    assert.throws(() => configWith('taskmanager.network.memory.buffers-per-channel', '0'), /at least 1/)
    assert.throws(() => configWith('taskmanager.numberOfTaskSlots', '0'), /at least 1/)
  })
})
