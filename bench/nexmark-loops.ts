// The baseline of the Nexmark benchmark: each query as a hand-written single-threaded loop over
// the same generator, with no framework at all. Results go to a sink that only counts them.
import { NexmarkGenerator } from '../src/connectors/nexmark/nexmark-generator.js'
import { nexmarkConfig } from '../src/connectors/nexmark/nexmark-config.js'

export type BenchQuery = 'q0' | 'q1' | 'q2' | 'q5' | 'q7'

/** Keeps results observable so the loops cannot be optimised away. */
class CountingSink {
  count = 0
  collect(_row: object): void {
    this.count++
  }
}

/** Runs one query over `events` events; returns the number of result rows. */
export function runLoop(query: BenchQuery, events: number, seed: number): number {
  const generator = new NexmarkGenerator(nexmarkConfig({ seed, totalEvents: events }))
  const sink = new CountingSink()
  switch (query) {
    case 'q0':
      for (let n = 0; n < events; n++) {
        const bid = generator.event(n).bid
        if (bid !== undefined) sink.collect({ auction: bid.auction, bidder: bid.bidder, price: bid.price, dateTime: bid.dateTime, extra: bid.extra })
      }
      break
    case 'q1':
      for (let n = 0; n < events; n++) {
        const bid = generator.event(n).bid
        if (bid !== undefined) sink.collect({ auction: bid.auction, bidder: bid.bidder, price: (bid.price * 908) / 1000, dateTime: bid.dateTime, extra: bid.extra })
      }
      break
    case 'q2':
      for (let n = 0; n < events; n++) {
        const bid = generator.event(n).bid
        if (bid !== undefined && bid.auction % 123 === 0) sink.collect({ auction: bid.auction, price: bid.price })
      }
      break
    case 'q5':
      hotItems(generator, events, sink)
      break
    case 'q7':
      highestBid(generator, events, sink)
      break
  }
  return sink.count
}

const WATERMARK_LAG_MS = 4000

/** q5: counts per auction in 10 s windows sliding by 2 s; emits the auctions with the top count as windows close. */
function hotItems(generator: NexmarkGenerator, events: number, sink: CountingSink): void {
  const SIZE = 10_000
  const SLIDE = 2_000
  const windows = new Map<number, Map<number, number>>()
  let watermark = Number.NEGATIVE_INFINITY
  const fire = (upTo: number): void => {
    for (const [end, counts] of windows) {
      if (end - 1 > upTo) continue
      let max = 0
      for (const count of counts.values()) if (count > max) max = count
      for (const [auction, num] of counts) if (num === max) sink.collect({ auction, num })
      windows.delete(end)
    }
  }
  for (let n = 0; n < events; n++) {
    const bid = generator.event(n).bid
    if (bid === undefined) continue
    const lastStart = bid.dateTime - (bid.dateTime % SLIDE)
    for (let start = lastStart; start > bid.dateTime - SIZE; start -= SLIDE) {
      const end = start + SIZE
      let counts = windows.get(end)
      if (counts === undefined) windows.set(end, counts = new Map())
      counts.set(bid.auction, (counts.get(bid.auction) ?? 0) + 1)
    }
    const next = bid.dateTime - WATERMARK_LAG_MS - 1
    if (next > watermark) {
      watermark = next
      fire(watermark)
    }
  }
  fire(Number.POSITIVE_INFINITY)
}

/** q7: the maximum price per 10 s tumbling window, then the bids at that price within [end − 10 s, end]. */
function highestBid(generator: NexmarkGenerator, events: number, sink: CountingSink): void {
  const SIZE = 10_000
  interface Window { max: number; bids: { auction: number; bidder: number; price: number; dateTime: number; extra: string }[] }
  const windows = new Map<number, Window>()
  const add = (end: number, bid: Window['bids'][number]): void => {
    let window = windows.get(end)
    if (window === undefined) windows.set(end, window = { max: -1, bids: [] })
    if (bid.price > window.max) {
      window.max = bid.price
      window.bids.length = 0
    }
    if (bid.price === window.max) window.bids.push(bid)
  }
  let watermark = Number.NEGATIVE_INFINITY
  const fire = (upTo: number): void => {
    for (const [end, window] of windows) {
      if (end - 1 > upTo) continue
      // a bid exactly at the end belongs to the next window but also matches this one (BETWEEN)
      const next = windows.get(end + SIZE)
      for (const bid of window.bids) sink.collect(bid)
      if (next !== undefined) for (const bid of next.bids) if (bid.dateTime === end && bid.price === window.max) sink.collect(bid)
      windows.delete(end)
    }
  }
  for (let n = 0; n < events; n++) {
    const bid = generator.event(n).bid
    if (bid === undefined) continue
    add(bid.dateTime - (bid.dateTime % SIZE) + SIZE, bid)
    const next = bid.dateTime - WATERMARK_LAG_MS - 1
    if (next > watermark) {
      watermark = next
      fire(watermark)
    }
  }
  fire(Number.POSITIVE_INFINITY)
}
