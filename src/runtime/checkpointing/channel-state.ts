import { CorruptStateSnapshotError } from '../../errors.js'

/**
 * One in-flight network buffer persisted by an unaligned checkpoint. Kept whole, because a
 * buffer's value shapes are defined from its first byte on; `startOffset` is where reading
 * resumes (the elements before it were processed before the snapshot).
 */
export interface PersistedBuffer {
  readonly bytes: Uint8Array
  readonly startOffset: number
}

/**
 * The in-flight data of one subtask at an unaligned checkpoint (Flink's channel state): per
 * input channel (gate order) the buffers received before its barrier and not yet processed,
 * per output subpartition (partition order) the buffers the barrier overtook.
 */
export interface ChannelState {
  readonly inputChannels: readonly (readonly PersistedBuffer[])[]
  readonly subpartitions: readonly (readonly (readonly PersistedBuffer[])[])[]
}

/** How many channels a subtask had when its channel state was taken; a restore needs the same. */
export interface ChannelStateShape {
  readonly inputChannels: number
  readonly subpartitions: readonly number[]
}

export function shapeOf(state: ChannelState): ChannelStateShape {
  return { inputChannels: state.inputChannels.length, subpartitions: state.subpartitions.map((partition) => partition.length) }
}

export function persistedBytesOf(state: ChannelState): number {
  let total = 0
  const add = (buffers: readonly PersistedBuffer[]): void => {
    for (const buffer of buffers) total += buffer.bytes.length - buffer.startOffset
  }
  state.inputChannels.forEach(add)
  for (const partition of state.subpartitions) partition.forEach(add)
  return total
}

/** Whether nothing was persisted: such a checkpoint needs no channel-state file (and does not pin the parallelism). */
export function isEmptyChannelState(state: ChannelState): boolean {
  return state.inputChannels.every((buffers) => buffers.length === 0) &&
    state.subpartitions.every((partition) => partition.every((buffers) => buffers.length === 0))
}

interface RecordedBuffer extends PersistedBuffer {
  /** The channel's number for the buffer (its n-th item received), to cut the recording at the one that held the barrier. */
  readonly itemNumber: number
}

/**
 * Collects the channel state of one unaligned checkpoint of one subtask (Flink's
 * ChannelStateWriter): output buffers at once, input buffers until every input channel has
 * delivered its barrier (or ended). `completion` resolves then, or with undefined if the
 * checkpoint is aborted first.
 */
export class ChannelStateRecorder {
  readonly #inputs: RecordedBuffer[][]
  readonly #inputDone: boolean[]
  readonly #outputs: PersistedBuffer[][][]
  #pendingInputs: number
  #isSettled = false
  #resolve!: (state: ChannelState | undefined) => void
  readonly completion: Promise<ChannelState | undefined>

  /**
   * `inputsAreAligned`: the task's inputs hold no in-flight data for this checkpoint (it was aligned, only its output
   * may be overtaken); the state still has one (empty) entry per input channel, and completes on completeIfDone.
   */
  constructor(readonly checkpointId: number, numInputChannels: number, subpartitionsPerPartition: readonly number[],
    inputsAreAligned = false) {
    this.#inputs = Array.from({ length: numInputChannels }, () => [])
    this.#inputDone = new Array<boolean>(numInputChannels).fill(inputsAreAligned)
    this.#outputs = subpartitionsPerPartition.map((count) => Array.from({ length: count }, () => []))
    this.#pendingInputs = inputsAreAligned ? 0 : numInputChannels
    this.completion = new Promise((resolve) => { this.#resolve = resolve })
  }

  /** Copies an input buffer (from `startOffset` on, still to be processed), the channel's item `itemNumber`, into the state. */
  addInput(gateIndex: number, buffer: ArrayBuffer, length: number, startOffset: number, itemNumber: number): void {
    if (this.#isSettled || this.#inputDone[gateIndex]) return
    this.#inputs[gateIndex]!.push({ bytes: new Uint8Array(buffer.slice(0, length)), startOffset, itemNumber })
  }

  /** Drops what was recorded on a channel after item `itemNumber`, the buffer whose last element was the channel's barrier. */
  truncateInputAfter(gateIndex: number, itemNumber: number): void {
    const recorded = this.#inputs[gateIndex]!
    while (recorded.length > 0 && recorded[recorded.length - 1]!.itemNumber > itemNumber) recorded.pop()
  }


  addOutput(partitionIndex: number, subpartitionIndex: number, buffer: ArrayBuffer, length: number): void {
    this.#outputs[partitionIndex]![subpartitionIndex]!.push({ bytes: new Uint8Array(buffer.slice(0, length)), startOffset: 0 })
  }

  /** The channel delivered its barrier or ended: nothing more of it belongs to the checkpoint. */
  finishInput(gateIndex: number): void {
    if (this.#isSettled || this.#inputDone[gateIndex]) return
    this.#inputDone[gateIndex] = true
    this.#pendingInputs--
    this.completeIfDone()
  }

  completeIfDone(): void {
    if (this.#isSettled || this.#pendingInputs > 0) return
    this.#isSettled = true
    const inputChannels = this.#inputs.map((buffers) => buffers.map(({ bytes, startOffset }) => ({ bytes, startOffset })))
    this.#resolve({ inputChannels, subpartitions: this.#outputs })
  }

  abort(): void {
    if (this.#isSettled) return
    this.#isSettled = true
    this.#resolve(undefined)
  }
}

const MAGIC = 0x534c4353 // 'SLCS'
const VERSION = 1

/** Layout: magic, version, then per input channel and per subpartition: count, then (startOffset, length, bytes) each. */
export function serializeChannelState(state: ChannelState): Uint8Array {
  const groups = [...state.inputChannels, ...state.subpartitions.flat()]
  let size = 16 + 4 * state.subpartitions.length
  for (const buffers of groups) {
    size += 4
    for (const buffer of buffers) size += 8 + buffer.bytes.length
  }
  const bytes = new Uint8Array(size)
  const view = new DataView(bytes.buffer)
  let offset = 0
  const u32 = (value: number): void => {
    view.setUint32(offset, value, true)
    offset += 4
  }
  const writeBuffers = (buffers: readonly PersistedBuffer[]): void => {
    u32(buffers.length)
    for (const buffer of buffers) {
      u32(buffer.startOffset)
      u32(buffer.bytes.length)
      bytes.set(buffer.bytes, offset)
      offset += buffer.bytes.length
    }
  }
  u32(MAGIC)
  u32(VERSION)
  u32(state.inputChannels.length)
  state.inputChannels.forEach(writeBuffers)
  u32(state.subpartitions.length)
  for (const partition of state.subpartitions) {
    u32(partition.length)
    partition.forEach(writeBuffers)
  }
  return bytes
}

export function deserializeChannelState(bytes: Uint8Array): ChannelState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = 0
  const u32 = (): number => {
    if (offset + 4 > bytes.length) throw new CorruptStateSnapshotError(`channel state ends early at byte ${offset}`)
    const value = view.getUint32(offset, true)
    offset += 4
    return value
  }
  const readBuffers = (): PersistedBuffer[] => {
    const count = u32()
    const buffers: PersistedBuffer[] = []
    for (let i = 0; i < count; i++) {
      const startOffset = u32()
      const length = u32()
      if (offset + length > bytes.length || startOffset > length) {
        throw new CorruptStateSnapshotError(`channel state buffer at byte ${offset} does not fit the file`)
      }
      buffers.push({ bytes: bytes.slice(offset, offset + length), startOffset })
      offset += length
    }
    return buffers
  }
  if (u32() !== MAGIC) throw new CorruptStateSnapshotError('not a channel state file (bad magic)')
  const version = u32()
  if (version !== VERSION) throw new CorruptStateSnapshotError(`unsupported channel state version ${version}`)
  const inputChannels = Array.from({ length: u32() }, readBuffers)
  const subpartitions = Array.from({ length: u32() }, () => Array.from({ length: u32() }, readBuffers))
  if (offset !== bytes.length) throw new CorruptStateSnapshotError(`${bytes.length - offset} unexpected bytes after the channel state`)
  return { inputChannels, subpartitions }
}
