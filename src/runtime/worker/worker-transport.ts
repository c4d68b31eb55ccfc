import type { MessagePort } from 'node:worker_threads'
import type { ChannelDescriptor, ChannelEvent, WorkerToWorker } from '../../protocol/messages.js'
import type { ChannelTransport } from '../network/channel-transport.js'
import type { InputChannel } from '../network/input-channel.js'
import type { InputGate } from '../network/input-gate.js'
import type { ResultSubpartition } from '../network/result-subpartition.js'

interface ConsumerEndpoint {
  readonly gate: InputGate
  readonly channel: InputChannel
}

interface ProducerEndpoint {
  readonly subpartition: ResultSubpartition
  /** Wakes the producing task: credit may let a finishing task drain. */
  readonly wake: () => void
}

/**
 * The ChannelTransport of one worker: a direct call when producer and consumer live here, a
 * postMessage that transfers the buffer to the peer worker otherwise. Incoming peer messages
 * are dispatched to the local endpoints by channel id.
 */
export class WorkerTransport implements ChannelTransport {
  readonly #channels = new Map<number, ChannelDescriptor>()
  readonly #consumers = new Map<number, ConsumerEndpoint>()
  readonly #producers = new Map<number, ProducerEndpoint>()
  readonly #peers = new Map<number, MessagePort>()

  constructor(private readonly workerIndex: number, channels: readonly ChannelDescriptor[]) {
    for (const channel of channels) this.#channels.set(channel.channelId, channel)
  }

  addPeer(workerIndex: number, port: MessagePort): void {
    this.#peers.set(workerIndex, port)
    port.on('message', (message: WorkerToWorker) => this.#receive(message))
  }

  registerConsumer(channelId: number, gate: InputGate, channel: InputChannel): void {
    this.#consumers.set(channelId, { gate, channel })
  }

  registerProducer(channelId: number, subpartition: ResultSubpartition, wake: () => void): void {
    this.#producers.set(channelId, { subpartition, wake })
  }

  sendBuffer(channelId: number, buffer: ArrayBuffer, length: number, backlog: number): void {
    const consumerWorker = this.#channels.get(channelId)!.consumerWorker
    if (consumerWorker === this.workerIndex) {
      this.#deliverBuffer(channelId, buffer, length, backlog)
      return
    }
    const message: WorkerToWorker = { type: 'buffer', channelId, buffer, length, backlog }
    this.#peers.get(consumerWorker)!.postMessage(message, [buffer])
  }

  sendEvent(channelId: number, event: ChannelEvent): void {
    const consumerWorker = this.#channels.get(channelId)!.consumerWorker
    if (consumerWorker === this.workerIndex) {
      this.#deliverEvent(channelId, event)
      return
    }
    const message: WorkerToWorker = { type: 'event', channelId, event }
    this.#peers.get(consumerWorker)!.postMessage(message)
  }

  sendCredit(channelId: number, credits: number, buffers: ArrayBuffer[]): void {
    const producerWorker = this.#channels.get(channelId)!.producerWorker
    if (producerWorker === this.workerIndex) {
      this.#deliverCredit(channelId, credits, buffers)
      return
    }
    const message: WorkerToWorker = { type: 'credit', channelId, credits, buffers }
    this.#peers.get(producerWorker)!.postMessage(message, buffers)
  }

  #receive(message: WorkerToWorker): void {
    switch (message.type) {
      case 'buffer':
        this.#deliverBuffer(message.channelId, message.buffer, message.length, message.backlog)
        return
      case 'event':
        this.#deliverEvent(message.channelId, message.event)
        return
      case 'credit':
        this.#deliverCredit(message.channelId, message.credits, message.buffers)
    }
  }

  #deliverBuffer(channelId: number, buffer: ArrayBuffer, length: number, backlog: number): void {
    const consumer = this.#consumers.get(channelId)
    // a consumer that is gone (canceled) just drops data
    if (consumer !== undefined) consumer.gate.onBuffer(consumer.channel, buffer, length, backlog)
  }

  #deliverEvent(channelId: number, event: ChannelEvent): void {
    const consumer = this.#consumers.get(channelId)
    if (consumer !== undefined) consumer.gate.onEvent(consumer.channel, event)
  }

  #deliverCredit(channelId: number, credits: number, buffers: ArrayBuffer[]): void {
    const producer = this.#producers.get(channelId)
    if (producer === undefined) return
    producer.subpartition.onCredit(credits, buffers)
    producer.wake()
  }

  close(): void {
    for (const port of this.#peers.values()) port.close()
  }
}
