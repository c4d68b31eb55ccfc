import type { ChannelEvent } from '../../src/protocol/messages.js'
import type { ChannelTransport } from '../../src/runtime/network/channel-transport.js'
import type { InputGate, InputHandler } from '../../src/runtime/network/input-gate.js'
import type { ResultPartition } from '../../src/runtime/network/result-partition.js'
import type { ResultSubpartition } from '../../src/runtime/network/result-subpartition.js'

export type TransportMessage =
  | { readonly kind: 'buffer'; readonly channelId: number; readonly length: number; readonly backlog: number }
  | { readonly kind: 'event'; readonly channelId: number; readonly event: ChannelEvent }
  | { readonly kind: 'credit'; readonly channelId: number; readonly credits: number; readonly buffers: number }

/**
 * An in-memory ChannelTransport between result partitions and one input gate. Messages are logged
 * and queued like postMessage: nothing arrives until the test calls deliver().
 */
export class TestingChannelTransport implements ChannelTransport {
  readonly log: TransportMessage[] = []
  readonly #pending: (() => void)[] = []
  readonly #producers = new Map<number, ResultSubpartition>()
  #gate: InputGate | undefined

  connect(partitions: readonly ResultPartition[], gate: InputGate): void {
    for (const partition of partitions) for (const sub of partition.subpartitions) this.#producers.set(sub.channelId, sub)
    this.#gate = gate
  }

  sendBuffer(channelId: number, buffer: ArrayBuffer, length: number, backlog: number): void {
    this.log.push({ kind: 'buffer', channelId, length, backlog })
    this.#pending.push(() => this.#gate!.onBuffer(this.#gate!.channel(channelId)!, buffer, length, backlog))
  }

  sendEvent(channelId: number, event: ChannelEvent): void {
    this.log.push({ kind: 'event', channelId, event })
    this.#pending.push(() => this.#gate!.onEvent(this.#gate!.channel(channelId)!, event))
  }

  sendCredit(channelId: number, credits: number, buffers: ArrayBuffer[]): void {
    this.log.push({ kind: 'credit', channelId, credits, buffers: buffers.length })
    this.#pending.push(() => this.#producers.get(channelId)!.onCredit(credits, buffers))
  }

  /** Delivers queued messages, including those sent while delivering, until none is left; returns how many. */
  deliver(): number {
    let delivered = 0
    for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) {
      next()
      delivered++
    }
    return delivered
  }

  /** Returns and forgets the messages logged so far. */
  takeLog(): TransportMessage[] {
    return this.log.splice(0, this.log.length)
  }
}

/** An InputHandler that writes what it receives as short strings: `1:value@ts`, `wm:ms`, `idle`, `active`. */
export class RecordingInputHandler implements InputHandler {
  readonly received: string[] = []
  isOutputAvailableNow = true

  processRecord1(value: unknown, timestampMs: number): void {
    this.received.push(`1:${JSON.stringify(value)}${Number.isNaN(timestampMs) ? '' : `@${timestampMs}`}`)
  }

  processRecord2(value: unknown, timestampMs: number): void {
    this.received.push(`2:${JSON.stringify(value)}${Number.isNaN(timestampMs) ? '' : `@${timestampMs}`}`)
  }

  processWatermark(watermarkMs: number): void {
    this.received.push(`wm:${watermarkMs}`)
  }

  processWatermarkStatus(isIdle: boolean): void {
    this.received.push(isIdle ? 'idle' : 'active')
  }

  processLatencyMarker(markedTimeMs: number, sourceVertexIndex: number, sourceSubtaskIndex: number): void {
    this.received.push(`latency:${markedTimeMs}@${sourceVertexIndex}/${sourceSubtaskIndex}`)
  }

  isOutputAvailable(): boolean {
    return this.isOutputAvailableNow
  }

  take(): string[] {
    return this.received.splice(0, this.received.length)
  }
}
