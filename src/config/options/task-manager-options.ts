import { integerOption, memorySizeOption } from '../config-option.js'

/** `taskmanager.numberOfTaskSlots`: slots per worker, each running one slice of the job. */
export const NUM_TASK_SLOTS = integerOption('taskmanager.numberOfTaskSlots', 1,
  'Number of slots per TaskManager (a Sluice worker thread), each of which runs one parallel slice of the job.',
  { min: 1 })

/** `taskmanager.memory.segment-size`: size of one network buffer. */
export const MEMORY_SEGMENT_SIZE = memorySizeOption('taskmanager.memory.segment-size', 32 * 1024,
  'Size of one network buffer (memory segment), the unit in which records travel between tasks; a power of two.',
  { minBytes: 4 * 1024, maxBytes: 1024 ** 3 })
  .withCheck((bytes) => Number.isInteger(Math.log2(bytes))
    ? undefined
    : "a power of two from 4 kb to 1 gb, such as '32 kb' or '64 kb' (Flink requires a power of two)")

/** `taskmanager.network.memory.buffers-per-channel`: exclusive buffers of each input channel. */
export const NETWORK_BUFFERS_PER_CHANNEL = integerOption('taskmanager.network.memory.buffers-per-channel', 2,
  'Exclusive buffers of each input channel, announced as initial credit in credit-based flow control.', { min: 1 })

/** `taskmanager.network.memory.floating-buffers-per-gate`: buffers an input gate shares among its channels. */
export const NETWORK_EXTRA_BUFFERS_PER_GATE = integerOption('taskmanager.network.memory.floating-buffers-per-gate', 8,
  'Floating buffers of each input gate, shared by its channels to absorb skew between them.', { min: 0 })

/** `taskmanager.network.memory.max-buffers-per-channel`: cap on the buffers one output channel may hold. */
export const NETWORK_MAX_BUFFERS_PER_CHANNEL = integerOption('taskmanager.network.memory.max-buffers-per-channel', 10,
  'Most buffers one output channel may hold before its task becomes unavailable (back pressure), which bounds ' +
  'in-flight data under skew.', { min: 1 })
