// Throughput of the record exchange codec (ValueEncoder → 32 KiB network buffer → ValueDecoder) on
// Nexmark-bid-like records, against JSON.stringify + Buffer.from + JSON.parse as a baseline.
// Run: node --import tsx bench/value-codec.ts [records]
import assert from 'node:assert/strict'
import { ValueDecoder } from '../src/runtime/network/value-decoder.js'
import { ValueEncoder } from '../src/runtime/network/value-encoder.js'
import { aRandom } from '../test/support/seeded-random.js'

const RECORD_COUNT = Number(process.argv[2] ?? 1_000_000)
const SEGMENT_SIZE_BYTES = 32 * 1024
const RUNS = 3

interface Bid {
  auction: number
  bidder: number
  price: number
  channel: string
  url: string
  dateTime: number
  extra: string
}


// like Nexmark's generator: a few hot channels, a cache of others, and a random `extra` per bid
function generateBids(count: number): Bid[] {
  const random = aRandom(42)
  const int = (n: number): number => Math.floor(random() * n)
  const hotChannels = ['Google', 'Facebook', 'Baidu', 'Apple']
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const word = (length: number): string => {
    let text = ''
    for (let i = 0; i < length; i++) text += letters[int(26)]
    return text
  }
  const channels = Array.from({ length: 10_000 }, (_, i) => ({
    channel: `channel-${i}`,
    url: `https://www.nexmark.com/${word(5)}/${word(5)}/${word(5)}/item.htm?query=1&channel_id=${i * 1024}`,
  }))
  const bids: Bid[] = new Array<Bid>(count)
  const startMs = 1_700_000_000_000
  for (let i = 0; i < count; i++) {
    const isHot = int(4) !== 0
    const hot = hotChannels[int(4)]!
    const cached = channels[int(channels.length)]!
    bids[i] = {
      auction: 1000 + int(10_000),
      bidder: 1000 + int(100_000),
      price: 100 + int(10_000_000),
      channel: isHot ? hot : cached.channel,
      url: isHot ? `https://www.nexmark.com/${hot.toLowerCase()}/item.htm?query=1` : cached.url,
      dateTime: startMs + i * 10,
      extra: word(70),
    }
  }
  return bids
}

/** Encodes every bid into reused 32 KiB buffers and decodes each buffer once it is full; returns a checksum. */
function viaValueCodec(bids: readonly Bid[]): number {
  const encoder = new ValueEncoder()
  const decoder = new ValueDecoder()
  const memory = new ArrayBuffer(SEGMENT_SIZE_BYTES)
  const bytes = new Uint8Array(memory)
  const view = new DataView(memory)
  let checksum = 0
  let position = 0
  const drain = (): void => {
    decoder.reset()
    for (let at = 0; at < position; at = decoder.offset) checksum += (decoder.decode(bytes, view, at) as Bid).price
    position = 0
    encoder.reset()
  }
  encoder.reset()
  for (let i = 0; i < bids.length; i++) {
    let end = encoder.encode(bids[i], bytes, view, position, SEGMENT_SIZE_BYTES)
    if (end < 0) {
      drain()
      end = encoder.encode(bids[i], bytes, view, 0, SEGMENT_SIZE_BYTES)
    }
    position = end
  }
  drain()
  return checksum
}

function viaJson(bids: readonly Bid[]): number {
  let checksum = 0
  for (let i = 0; i < bids.length; i++) {
    const bytes = Buffer.from(JSON.stringify(bids[i]))
    checksum += (JSON.parse(bytes.toString('utf8')) as Bid).price
  }
  return checksum
}

/** Runs body after a warm-up and returns the best of RUNS runs in records per second. */
function measure(bids: readonly Bid[], expectedChecksum: number, body: (bids: readonly Bid[]) => number): number {
  assert.equal(body(bids.slice(0, Math.ceil(bids.length / 10))) > 0, true)
  let bestMs = Infinity
  for (let run = 0; run < RUNS; run++) {
    const startMs = performance.now()
    const checksum = body(bids)
    bestMs = Math.min(bestMs, performance.now() - startMs)
    assert.equal(checksum, expectedChecksum)
  }
  return bids.length / (bestMs / 1000)
}

function encodedBytesPerRecord(bids: readonly Bid[]): number {
  const encoder = new ValueEncoder()
  const memory = new ArrayBuffer(SEGMENT_SIZE_BYTES)
  const bytes = new Uint8Array(memory)
  const view = new DataView(memory)
  let position = 0
  let total = 0
  encoder.reset()
  for (const bid of bids) {
    let end = encoder.encode(bid, bytes, view, position, SEGMENT_SIZE_BYTES)
    if (end < 0) {
      total += position
      encoder.reset()
      end = encoder.encode(bid, bytes, view, 0, SEGMENT_SIZE_BYTES)
    }
    position = end
  }
  total += position
  return total / bids.length
}

const bids = generateBids(RECORD_COUNT)
const expectedChecksum = bids.reduce((sum, bid) => sum + bid.price, 0)

// the codec must round-trip what it is timed on
{
  const encoder = new ValueEncoder()
  const decoder = new ValueDecoder()
  const memory = new ArrayBuffer(SEGMENT_SIZE_BYTES)
  const bytes = new Uint8Array(memory)
  const view = new DataView(memory)
  encoder.reset()
  decoder.reset()
  let position = 0
  for (let i = 0; i < 50; i++) {
    const end = encoder.encode(bids[i], bytes, view, position, SEGMENT_SIZE_BYTES)
    assert.deepStrictEqual(decoder.decode(bytes, view, position), bids[i])
    position = end
  }
}

const codecPerSecond = measure(bids, expectedChecksum, viaValueCodec)
const jsonPerSecond = measure(bids, expectedChecksum, viaJson)
const jsonBytes = bids.slice(0, 10_000).reduce((sum, bid) => sum + Buffer.byteLength(JSON.stringify(bid)), 0) / 10_000
const format = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(12)

console.log(`${RECORD_COUNT.toLocaleString('en-US')} Nexmark-like bids, ${SEGMENT_SIZE_BYTES / 1024} KiB buffers, best of ${RUNS} (Node ${process.version})`)
console.log(`ValueEncoder + ValueDecoder              ${format(codecPerSecond)} records/s  ${encodedBytesPerRecord(bids).toFixed(1)} bytes/record`)
console.log(`JSON.stringify + Buffer.from + JSON.parse ${format(jsonPerSecond)} records/s  ${jsonBytes.toFixed(1)} bytes/record`)
console.log(`ratio (codec / JSON)                      ${(codecPerSecond / jsonPerSecond).toFixed(2)}x`)
