import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NEXMARK_BASE_TIME_MS, nexmarkConfig } from '../../../../src/connectors/nexmark/nexmark-config.js'
import { eventTime, type NexmarkEvent } from '../../../../src/connectors/nexmark/nexmark-event.js'
import { NexmarkGenerator } from '../../../../src/connectors/nexmark/nexmark-generator.js'
import { NexmarkSource } from '../../../../src/connectors/nexmark/nexmark-source.js'
import { assignedReader, collecting, drain, resumedReader } from '../../../support/source-reader-output.js'

function generate(count: number, overrides: Parameters<typeof nexmarkConfig>[0] = {}): NexmarkEvent[] {
  const generator = new NexmarkGenerator(nexmarkConfig({ totalEvents: count, ...overrides }))
  return Array.from({ length: count }, (_, n) => generator.event(n))
}

function kindOf(event: NexmarkEvent): 'person' | 'auction' | 'bid' {
  return event.person !== undefined ? 'person' : event.auction !== undefined ? 'auction' : 'bid'
}

describe('NexmarkGenerator', () => {
  const events = generate(100_000)

  it('starts with auction 1001 at 2026-01-01T00:00:00Z and the first person is 1001', () => {
    assert.equal(events[0]!.auction?.id, 1001)
    assert.equal(eventTime(events[0]!), NEXMARK_BASE_TIME_MS)
    assert.equal(NEXMARK_BASE_TIME_MS, 1767225600000)
    const firstPerson = events.find((e) => e.person !== undefined)!.person!
    assert.equal(firstPerson.id, 1001)
  })

  it('mixes persons, auctions and bids 1 : 3 : 46 in every 50 events', () => {
    for (let start = 0; start + 50 <= events.length; start += 50) {
      const counts = { person: 0, auction: 0, bid: 0 }
      for (const event of events.slice(start, start + 50)) counts[kindOf(event)]++
      assert.deepEqual(counts, { person: 1, auction: 3, bid: 46 }, `events ${start}…${start + 49}`)
    }
  })

  it('gives every event exactly one of person, auction and bid', () => {
    for (const event of events.slice(0, 1000)) assert.equal(Object.keys(event).length, 1)
  })

  it('numbers persons and auctions densely and in order', () => {
    const persons = events.flatMap((e) => (e.person ? [e.person.id] : []))
    const auctions = events.flatMap((e) => (e.auction ? [e.auction.id] : []))
    persons.forEach((id, i) => assert.equal(id, 1001 + i))
    auctions.forEach((id, i) => assert.equal(id, 1001 + i))
  })

  it('spaces event times by the event-time density (events per second)', () => {
    events.forEach((event, n) => assert.equal(eventTime(event), NEXMARK_BASE_TIME_MS + Math.floor(n / 10)))
    const dense = generate(2000, { eventsPerSecond: 1000 })
    dense.forEach((event, n) => assert.equal(eventTime(event), NEXMARK_BASE_TIME_MS + n))
  })

  it('is reproducible from the seed and differs between seeds', () => {
    assert.deepEqual(generate(5000), events.slice(0, 5000))
    const other = generate(5000, { seed: 7 })
    const samePrices = other.filter((e, n) => e.bid !== undefined && e.bid.price === events[n]!.bid!.price).length
    assert.ok(samePrices < 50, `${samePrices} of ~4600 bid prices equal under another seed`)
  })

  it('sends about half the bids to the hot auction and three quarters from hot bidders', () => {
    const bids = events.flatMap((e) => (e.bid ? [e.bid] : []))
    const hotAuction = bids.filter((b) => (b.auction - 1000) % 100 === 0).length / bids.length
    const hotBidder = bids.filter((b) => (b.bidder - 1000) % 100 === 1).length / bids.length
    assert.ok(hotAuction > 0.48 && hotAuction < 0.55, `hot auction share ${hotAuction}`)
    assert.ok(hotBidder > 0.73 && hotBidder < 0.78, `hot bidder share ${hotBidder}`)
  })

  it('draws bid prices from 100 to 10^8 and pads bids to about 100 bytes', () => {
    const bids = events.flatMap((e) => (e.bid ? [e.bid] : []))
    for (const bid of bids) {
      assert.ok(bid.price >= 100 && bid.price <= 100_000_000, `price ${bid.price}`)
      assert.ok(bid.extra.length >= 54 && bid.extra.length <= 81, `extra of ${bid.extra.length}`)
    }
    const median = bids.map((b) => b.price).sort((a, b) => a - b)[bids.length >> 1]!
    assert.ok(median > 50_000 && median < 200_000, `median price ${median} (log-uniform: about 10^5)`)
    const channels = new Set(bids.map((b) => b.channel))
    for (const hot of ['Google', 'Facebook', 'Baidu', 'Apple']) assert.ok(channels.has(hot))
    assert.ok(bids.some((b) => /^channel-\d+$/.test(b.channel) && b.url.includes('&channel_id=')))
  })

  it('lets auctions expire after they start, in categories 10 to 14', () => {
    const auctions = events.flatMap((e) => (e.auction ? [e.auction] : []))
    for (const auction of auctions) {
      assert.ok(auction.expires > auction.dateTime)
      assert.ok(auction.category >= 10 && auction.category <= 14)
      assert.ok(auction.reserve >= auction.initialBid)
      assert.ok(auction.itemName.length > 0 && auction.itemName.length < 20)
    }
  })
})

describe('NexmarkSource', () => {
  const config = nexmarkConfig({ totalEvents: 3001 })
  const whole = generate(3001)

  for (const parallelism of [1, 2, 3, 7]) {
    it(`reads every event once over ${parallelism} subtask(s), each subtask in event order`, () => {
      const source = new NexmarkSource(config)
      const parts = Array.from({ length: parallelism }, (_, subtaskIndex) => drain(assignedReader(source, { subtaskIndex, parallelism }), 97))
      for (const part of parts) assert.deepEqual(part, [...part].sort((a, b) => eventTime(a) - eventTime(b)), 'in event-time order')
      assert.equal(parts.reduce((sum, part) => sum + part.length, 0), whole.length)
      const merged = parts.flat().sort((a, b) => eventTime(a) - eventTime(b) || key(a).localeCompare(key(b)))
      const expected = [...whole].sort((a, b) => eventTime(a) - eventTime(b) || key(a).localeCompare(key(b)))
      assert.deepEqual(merged, expected)
    })
  }

  it('emits at parallelism 1 exactly the events of the generator, in order', () => {
    assert.deepEqual(drain(assignedReader(new NexmarkSource(config), { subtaskIndex: 0, parallelism: 1 }), 64), whole)
  })

  it('resumes the splits of two readers in one, in event order, with nothing read twice or skipped', () => {
    const source = new NexmarkSource(config)
    const readers = [0, 1].map((subtaskIndex) => assignedReader(source, { subtaskIndex, parallelism: 2 }))
    const first = readers.flatMap((reader, i) => {
      const output = collecting<NexmarkEvent>()
      reader.pollNext(output, 100 + 700 * i)
      return output.values
    })
    const rest = drain(resumedReader(source, readers.flatMap((reader) => reader.snapshotState())))
    assert.deepEqual(rest, [...rest].sort((a, b) => eventTime(a) - eventTime(b)))
    assert.equal(first.length + rest.length, whole.length)
    const sortedAll = [...first, ...rest].map(key).sort()
    assert.deepEqual(sortedAll, whole.map(key).sort())
  })
})

function key(event: NexmarkEvent): string {
  return JSON.stringify(event)
}
