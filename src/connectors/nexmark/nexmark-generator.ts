import { EventRandom } from './event-random.js'
import type { NexmarkConfig } from './nexmark-config.js'
import type { Auction, Bid, NexmarkEvent, Person } from './nexmark-event.js'

// Nexmark's fixed proportions: per 50 events 1 person, 3 auctions and 46 bids; the kind of an
// event follows from its id (id % 50: 0 person, 1–3 auction, else bid).
const PERSON_PROPORTION = 1
const AUCTION_PROPORTION = 3
const TOTAL_PROPORTION = 50
const FIRST_PERSON_ID = 1000
const FIRST_AUCTION_ID = 1000
const FIRST_CATEGORY_ID = 10
const NUM_CATEGORIES = 5
/** Ids of not yet created people and auctions that random choices may pick. */
const ID_LEAD = 10
/** Hot auctions, bidders and sellers are the first of each batch of this many. */
const HOT_BATCH = 100
/** Nexmark numbers event ids from 2 (first id 1 plus first event number 1), so the stream starts with auction 1001. */
const FIRST_EVENT_ID = 2

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne']
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter']
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris']
const PERSON_NAMES = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`))
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple']
const CHANNELS = 10_000

/** Padding (`extra`) and free text are cut from pools built once, as Nexmark's reusable 1 MB string. */
const EXTRA_POOL_LENGTH = 1 << 20
const TEXT_POOL_LENGTH = 1 << 16
/** Streams of the event-independent pools and channel urls, apart from every event id. */
const POOL_STREAM = -1
const CHANNEL_STREAM_BASE = -1_000_000

/** The event number (0-based position in the whole stream) of a Nexmark event id. */
export function eventIdOf(eventNumber: number): number {
  return eventNumber + FIRST_EVENT_ID
}

/** The last person id (base 0) created at or before this event. */
function lastBase0PersonId(eventId: number): number {
  const epoch = Math.floor(eventId / TOTAL_PROPORTION)
  const offset = eventId % TOTAL_PROPORTION
  return epoch * PERSON_PROPORTION + (offset >= PERSON_PROPORTION ? PERSON_PROPORTION - 1 : offset)
}

/** The last auction id (base 0) created at or before this event. */
function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / TOTAL_PROPORTION)
  let offset = eventId % TOTAL_PROPORTION
  if (offset < PERSON_PROPORTION) {
    epoch--
    offset = AUCTION_PROPORTION - 1
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1
  } else {
    offset -= PERSON_PROPORTION
  }
  return epoch * AUCTION_PROPORTION + offset
}

/**
 * Nexmark's event generator with Beam's per-event seeding: `event(n)` depends only on the
 * configuration and n, so splits of the stream can be generated independently and in any order.
 */
export class NexmarkGenerator {
  readonly #config: NexmarkConfig
  readonly #random = new EventRandom()
  readonly #extraPool: string
  readonly #textPool: string
  readonly #channelUrls: string[]
  readonly #hotUrls: string[]
  /** Event-time span of the next numInFlightAuctions auctions: half an auction's mean lifetime. */
  readonly #auctionHorizonEvents: number

  constructor(config: NexmarkConfig) {
    this.#config = config
    const random = this.#random
    random.reseed(config.seed, POOL_STREAM)
    this.#extraPool = randomLetters(random, EXTRA_POOL_LENGTH, false)
    this.#textPool = randomLetters(random, TEXT_POOL_LENGTH, true)
    this.#hotUrls = HOT_CHANNELS.map(() => this.#baseUrl(random))
    this.#channelUrls = new Array<string>(CHANNELS)
    for (let channel = 0; channel < CHANNELS; channel++) {
      random.reseed(config.seed, CHANNEL_STREAM_BASE - channel)
      const url = this.#baseUrl(random)
      this.#channelUrls[channel] = random.nextInt(10) > 0 ? `${url}&channel_id=${Math.abs(reverseBits(channel))}` : url
    }
    this.#auctionHorizonEvents = Math.floor((config.numInFlightAuctions * TOTAL_PROPORTION) / AUCTION_PROPORTION)
  }

  /** Event time of the event with this number: the stream's density is `eventsPerSecond`. */
  timestampOf(eventNumber: number): number {
    return this.#config.baseTimeMs + Math.floor((eventNumber * 1000) / this.#config.eventsPerSecond)
  }

  /** The event at this position (0-based) of the stream. */
  event(eventNumber: number): NexmarkEvent {
    const eventId = eventIdOf(eventNumber)
    this.#random.reseed(this.#config.seed, eventId)
    const timestamp = this.timestampOf(eventNumber)
    const offset = eventId % TOTAL_PROPORTION
    if (offset < PERSON_PROPORTION) return { person: this.#person(eventId, timestamp) }
    if (offset < PERSON_PROPORTION + AUCTION_PROPORTION) return { auction: this.#auction(eventNumber, eventId, timestamp) }
    return { bid: this.#bid(eventId, timestamp) }
  }

  #person(eventId: number, timestamp: number): Person {
    const random = this.#random
    const name = PERSON_NAMES[random.nextInt(PERSON_NAMES.length)]!
    const emailAddress = `${this.#text(7)}@${this.#text(5)}.com`
    const creditCard = `${digits4(random)} ${digits4(random)} ${digits4(random)} ${digits4(random)}`
    const city = US_CITIES[random.nextInt(US_CITIES.length)]!
    const state = US_STATES[random.nextInt(US_STATES.length)]!
    const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length
    return {
      id: lastBase0PersonId(eventId) + FIRST_PERSON_ID,
      name, emailAddress, creditCard, city, state,
      dateTime: timestamp,
      extra: this.#extra(size, this.#config.avgPersonByteSize),
    }
  }

  #auction(eventNumber: number, eventId: number, timestamp: number): Auction {
    const random = this.#random
    const config = this.#config
    const seller = random.nextInt(config.hotSellersRatio) > 0
      ? Math.floor(lastBase0PersonId(eventId) / HOT_BATCH) * HOT_BATCH
      : this.#randomPerson(eventId)
    const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES)
    const initialBid = nextPrice(random)
    const horizonMs = this.timestampOf(eventNumber + this.#auctionHorizonEvents) - timestamp
    const expires = timestamp + 1 + random.nextInt(Math.max(horizonMs * 2, 1))
    const itemName = this.#text(20)
    const description = this.#text(100)
    const reserve = initialBid + nextPrice(random)
    const size = 8 + itemName.length + description.length + 40
    return {
      id: lastBase0AuctionId(eventId) + FIRST_AUCTION_ID,
      itemName, description, initialBid, reserve,
      dateTime: timestamp,
      expires,
      seller: seller + FIRST_PERSON_ID,
      category,
      extra: this.#extra(size, config.avgAuctionByteSize),
    }
  }

  #bid(eventId: number, timestamp: number): Bid {
    const random = this.#random
    const config = this.#config
    const auction = random.nextInt(config.hotAuctionRatio) > 0
      ? Math.floor(lastBase0AuctionId(eventId) / HOT_BATCH) * HOT_BATCH
      : this.#randomAuction(eventId)
    // the second person of a batch, so hot bidders and hot sellers differ
    const bidder = random.nextInt(config.hotBiddersRatio) > 0
      ? Math.floor(lastBase0PersonId(eventId) / HOT_BATCH) * HOT_BATCH + 1
      : this.#randomPerson(eventId)
    const price = nextPrice(random)
    let channel: string
    let url: string
    if (random.nextInt(2) > 0) {
      const hot = random.nextInt(HOT_CHANNELS.length)
      channel = HOT_CHANNELS[hot]!
      url = this.#hotUrls[hot]!
    } else {
      const number = random.nextInt(CHANNELS)
      channel = `channel-${number}`
      url = this.#channelUrls[number]!
    }
    return {
      auction: auction + FIRST_AUCTION_ID,
      bidder: bidder + FIRST_PERSON_ID,
      price, channel, url,
      dateTime: timestamp,
      extra: this.#extra(32, config.avgBidByteSize),
    }
  }

  /** A person among the active ones, or a few not yet created. */
  #randomPerson(eventId: number): number {
    const people = lastBase0PersonId(eventId) + 1
    const active = Math.min(people, this.#config.numActivePeople)
    return people - active + this.#random.nextInt(active + ID_LEAD)
  }

  /** An auction among those likely still open, or a few not yet created. */
  #randomAuction(eventId: number): number {
    const last = lastBase0AuctionId(eventId)
    const first = Math.max(last - this.#config.numInFlightAuctions, 0)
    return first + this.#random.nextInt(last - first + 1 + ID_LEAD)
  }

  /** Padding that brings a record of `currentSize` bytes to `averageSize` on average (±20 %). */
  #extra(currentSize: number, averageSize: number): string {
    if (currentSize > averageSize) return ''
    const wanted = averageSize - currentSize
    const delta = Math.round(wanted * 0.2)
    const length = wanted - delta + (delta === 0 ? 0 : this.#random.nextInt(2 * delta))
    const start = this.#random.nextInt(EXTRA_POOL_LENGTH - length)
    return this.#extraPool.substring(start, start + length)
  }

  /** Free text of 3 to maxLength − 1 letters and spaces, trimmed (item names, descriptions, emails). */
  #text(maxLength: number): string {
    const length = 3 + this.#random.nextInt(maxLength - 3)
    const start = this.#random.nextInt(TEXT_POOL_LENGTH - length)
    return this.#textPool.substring(start, start + length).trim()
  }

  #baseUrl(random: EventRandom): string {
    const part = (): string => randomLetters(random, 5, false)
    return `https://www.nexmark.com/${part()}/${part()}/${part()}/item.htm?query=1`
  }
}

/** Log-uniform between 100 and 10^8, as Nexmark's prices. */
function nextPrice(random: EventRandom): number {
  return Math.round(10 ** (random.nextDouble() * 6) * 100)
}

function digits4(random: EventRandom): string {
  return String(random.nextInt(10_000)).padStart(4, '0')
}

/** Lowercase letters; with spaces, one character in 13 is a space, as Nexmark's strings. */
function randomLetters(random: EventRandom, length: number, withSpaces: boolean): string {
  const codes = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    codes[i] = withSpaces && random.nextInt(13) === 0 ? 0x20 : 0x61 + random.nextInt(26)
  }
  return Buffer.from(codes).toString('latin1')
}

/** Java's Integer.reverse: the 32 bits in reverse order, as a signed integer. */
function reverseBits(value: number): number {
  let result = 0
  for (let bit = 0; bit < 32; bit++) result = (result << 1) | ((value >>> bit) & 1)
  return result | 0
}
