import type { ChannelEvent } from '../../protocol/messages.js'

/**
 * Moves buffers, events and credits of a channel between producer and consumer, by a direct
 * call when both run in this worker and by a transferring postMessage otherwise.
 */
export interface ChannelTransport {
  /** Hands `buffer` (ownership included) to the consumer of channelId. */
  sendBuffer(channelId: number, buffer: ArrayBuffer, length: number, backlog: number): void
  sendEvent(channelId: number, event: ChannelEvent): void
  /** Grants the producer of channelId `credits` more buffers and returns recycled ones. */
  sendCredit(channelId: number, credits: number, buffers: ArrayBuffer[]): void
}
