import type { ChannelStateRecorder, PersistedBuffer } from '../checkpointing/channel-state.js'
import { BufferPool } from './buffer-pool.js'
import type { ChannelTransport } from './channel-transport.js'
import { ResultSubpartition } from './result-subpartition.js'
import {
  BARRIER_BYTES, ELEMENT_HEADER_BYTES, END_OF_DATA_BYTES, LATENCY_MARKER_BYTES, TAG_BARRIER, TAG_END_OF_DATA, TAG_LATENCY_MARKER, TAG_RECORD,
  TAG_RECORD_WITH_TIMESTAMP, TAG_STATUS_ACTIVE, TAG_STATUS_IDLE, TAG_WATERMARK,
} from './stream-element-tag.js'
import type { LatencyMarker } from '../metrics/latency-stats.js'

/**
 * The output of one subtask into one job edge (Flink's ResultPartition): one subpartition per
 * consuming channel, sharing a bounded BufferPool. Records are serialized straight into the
 * subpartition's current buffer; a full buffer is queued and sent against credit.
 */
export class ResultPartition {
  readonly subpartitions: ResultSubpartition[]
  readonly pool: BufferPool
  numRecordsOut = 0

  constructor(channelIds: readonly number[], segmentSizeBytes: number, capacity: number, transport: ChannelTransport) {
    this.pool = new BufferPool(segmentSizeBytes, capacity)
    this.subpartitions = channelIds.map((id) => new ResultSubpartition(id, this.pool, transport))
  }

  /** Serializes a record into one subpartition. */
  emitRecord(subpartitionIndex: number, value: unknown, timestampMs: number): void {
    const sub = this.subpartitions[subpartitionIndex]!
    this.numRecordsOut++
    if (sub.buffer === undefined) sub.startBuffer()
    if (this.#tryWrite(sub, value, timestampMs)) return
    // did not fit: ship the current buffer and retry in a fresh one
    sub.finishBuffer()
    sub.startBuffer()
    if (this.#tryWrite(sub, value, timestampMs)) return
    // larger than a whole segment: give the record an oversized buffer of its own
    sub.finishBuffer()
    let size = this.pool.segmentSizeBytes * 2
    for (;;) {
      sub.startOversizedBuffer(size)
      if (this.#tryWrite(sub, value, timestampMs)) break
      const tooSmall = sub.buffer!
      sub.buffer = undefined
      this.pool.recycle(tooSmall)
      size *= 2
    }
    sub.finishBuffer()
  }

  #tryWrite(sub: ResultSubpartition, value: unknown, timestampMs: number): boolean {
    const start = sub.position
    const limit = sub.bytes.length
    if (start + ELEMENT_HEADER_BYTES > limit) return false
    let offset: number
    if (Number.isNaN(timestampMs)) {
      sub.bytes[start] = TAG_RECORD
      offset = start + 1
    } else {
      sub.bytes[start] = TAG_RECORD_WITH_TIMESTAMP
      sub.view.setFloat64(start + 1, timestampMs, true)
      offset = start + ELEMENT_HEADER_BYTES
    }
    const end = sub.encoder.encode(value, sub.bytes, sub.view, offset, limit)
    if (end < 0) return false
    sub.position = end
    return true
  }

  /** Sends a watermark to every consumer. */
  broadcastWatermark(watermarkMs: number): void {
    for (const sub of this.subpartitions) {
      reserve(sub, ELEMENT_HEADER_BYTES)
      sub.bytes[sub.position] = TAG_WATERMARK
      sub.view.setFloat64(sub.position + 1, watermarkMs, true)
      sub.position += ELEMENT_HEADER_BYTES
    }
  }

  /**
   * Sends a checkpoint barrier to every consumer, in order with the records before it, and ships
   * the buffers at once: a barrier waiting for the buffer timeout would delay the checkpoint.
   * Returns how many subpartitions hold it queued for credit, when it may turn unaligned.
   */
  broadcastBarrier(checkpointId: number, triggerTimestampMs: number, unalignAfterMs: number): number {
    // a barrier that may turn unaligned is tracked while it waits for credit, so that it can overtake the queue
    const mayTurnUnaligned = unalignAfterMs > 0 && unalignAfterMs < Number.POSITIVE_INFINITY
    let queuedBarriers = 0
    for (const sub of this.subpartitions) {
      reserve(sub, BARRIER_BYTES)
      sub.bytes[sub.position] = TAG_BARRIER
      sub.view.setFloat64(sub.position + 1, checkpointId, true)
      sub.view.setFloat64(sub.position + 9, triggerTimestampMs, true)
      sub.view.setFloat64(sub.position + 17, unalignAfterMs, true)
      sub.position += BARRIER_BYTES
      sub.finishBuffer()
      if (mayTurnUnaligned && sub.trackInlineBarrier(checkpointId, triggerTimestampMs, unalignAfterMs)) queuedBarriers++
    }
    return queuedBarriers
  }

  /**
   * The aligned-checkpoint timeout passed with the barrier still waiting for credit in some subpartitions: it
   * overtakes their queues, whose buffers up to the barrier go into the recorder's output state.
   */
  overtakeInlineBarriers(checkpointId: number, triggerTimestampMs: number, recorder: ChannelStateRecorder, partitionIndex: number): void {
    this.subpartitions.forEach((sub, subpartitionIndex) => {
      sub.overtakeInlineBarrier(checkpointId, triggerTimestampMs,
        (buffer, length) => recorder.addOutput(partitionIndex, subpartitionIndex, buffer, length))
    })
  }

  /**
   * Sends an unaligned checkpoint's barrier to every consumer ahead of the buffers still waiting
   * for credit; those buffers (the one being filled included) go into the recorder's output state.
   */
  broadcastPriorityBarrier(checkpointId: number, triggerTimestampMs: number, recorder: ChannelStateRecorder, partitionIndex: number): void {
    this.subpartitions.forEach((sub, subpartitionIndex) => {
      sub.finishBuffer()
      sub.forEachQueuedBuffer((buffer, length) => recorder.addOutput(partitionIndex, subpartitionIndex, buffer, length))
      sub.sendPriorityEvent({ kind: 'priority-barrier', checkpointId, triggerTimestampMs })
    })
  }

  /** Queues a restored checkpoint's in-flight output, by subpartition, ahead of anything new. */
  restoreInFlight(subpartitions: readonly (readonly PersistedBuffer[])[]): void {
    subpartitions.forEach((buffers, index) => {
      for (const buffer of buffers) this.subpartitions[index]!.enqueueCopy(buffer.bytes)
    })
  }

  /** Sends a latency marker to one consumer, in line with the records before it. */
  emitLatencyMarker(subpartitionIndex: number, marker: LatencyMarker): void {
    const sub = this.subpartitions[subpartitionIndex]!
    reserve(sub, LATENCY_MARKER_BYTES)
    sub.bytes[sub.position] = TAG_LATENCY_MARKER
    sub.view.setFloat64(sub.position + 1, marker.markedTimeMs, true)
    sub.view.setUint32(sub.position + 9, marker.sourceVertexIndex, true)
    sub.view.setUint32(sub.position + 13, marker.sourceSubtaskIndex, true)
    sub.position += LATENCY_MARKER_BYTES
  }

  /** Tells every consumer this input is idle (or active again), so its watermark is ignored meanwhile. */
  broadcastWatermarkStatus(isIdle: boolean): void {
    for (const sub of this.subpartitions) {
      reserve(sub, 1)
      sub.bytes[sub.position] = isIdle ? TAG_STATUS_IDLE : TAG_STATUS_ACTIVE
      sub.position += 1
    }
  }

  /** Ships partially filled buffers (the buffer timeout, Flink's OutputFlusher). */
  flush(): void {
    for (const sub of this.subpartitions) sub.finishBuffer()
  }

  /**
   * Tells every consumer that this producer's data ended (Flink's EndOfData), behind the records before it, and ships
   * it at once; the channels stay open for the barriers of the final checkpoint.
   */
  broadcastEndOfData(): void {
    for (const sub of this.subpartitions) {
      reserve(sub, END_OF_DATA_BYTES)
      sub.bytes[sub.position] = TAG_END_OF_DATA
      sub.position += END_OF_DATA_BYTES
      sub.finishBuffer()
    }
  }

  /** Flushes and sends end-of-partition to every consumer. */
  finish(): void {
    for (const sub of this.subpartitions) sub.addEvent({ kind: 'end-of-partition' })
  }

  /** Whether everything, end-of-partition included, has left. */
  get isDrained(): boolean {
    return this.subpartitions.every((sub) => sub.backlog === 0 && sub.buffer === undefined)
  }

  get numBytesOut(): number {
    let total = 0
    for (const sub of this.subpartitions) total += sub.bytesSent
    return total
  }
}

/** Makes room for an element of `bytes` in the subpartition's current buffer, shipping a full one. */
function reserve(sub: ResultSubpartition, bytes: number): void {
  if (sub.buffer === undefined) sub.startBuffer()
  if (sub.position + bytes > sub.bytes.length) {
    sub.finishBuffer()
    sub.startBuffer()
  }
}
