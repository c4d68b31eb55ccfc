import type { Auction, Bid, NexmarkEvent, Person } from '../../src/connectors/nexmark/nexmark-event.js'

/*
 * The oracle for the Nexmark acceptance test: each query of the Nexmark benchmark's Flink SQL, computed by plain
 * loops over the complete input, with no engine, no streaming and no reliance on the input order. Every window is
 * event time and aligned to epoch 0; times are epoch milliseconds.
 */

/** The Nexmark queries the reference computes. */
export const NEXMARK_REFERENCE_QUERIES = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q8'] as const
export type NexmarkReferenceQuery = typeof NEXMARK_REFERENCE_QUERIES[number]

/** One result row; plain data, so it compares by value after canonicalMultiset. */
export type NexmarkReferenceRow = Record<string, unknown>

const TUMBLE_SIZE_MS = 10_000
const HOP_SIZE_MS = 10_000
const HOP_SLIDE_MS = 2_000
const Q2_AUCTION_MODULUS = 123
const Q3_CATEGORY = 10
const Q3_STATES: ReadonlySet<string> = new Set(['OR', 'ID', 'CA'])

/** Computes a Nexmark query's complete result (a multiset: the row order means nothing) for all `events`. */
export function referenceQuery(query: NexmarkReferenceQuery, events: readonly NexmarkEvent[]): NexmarkReferenceRow[] {
  const bids: Bid[] = []
  const auctions: Auction[] = []
  const persons: Person[] = []
  for (const event of events) {
    if (event.bid !== undefined) bids.push(event.bid)
    else if (event.auction !== undefined) auctions.push(event.auction)
    else persons.push(event.person)
  }
  switch (query) {
    case 'q0': return bids.map(bidRow)
    case 'q1': return bids.map((bid) => ({ ...bidRow(bid), price: dollarsToEuros(bid.price) }))
    case 'q2': return bids.filter((bid) => bid.auction % Q2_AUCTION_MODULUS === 0)
      .map((bid) => ({ auction: bid.auction, price: bid.price }))
    case 'q3': return q3(auctions, persons)
    case 'q4': return q4(auctions, bids)
    case 'q5': return q5(bids)
    case 'q7': return q7(bids)
    case 'q8': return q8(auctions, persons)
    default: {
      const unknown: never = query
      throw new TypeError(`unknown Nexmark query '${String(unknown)}'`)
    }
  }
}

/**
 * Turns rows into a sorted list of JSON strings with sorted keys, so two multisets of rows compare with deepEqual.
 * Values are never changed (no rounding): a difference in a number is a difference in the result.
 */
export function canonicalMultiset(rows: readonly object[]): string[] {
  return rows.map((row) => JSON.stringify(withSortedKeys(row))).sort()
}

function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys)
  if (value === null || typeof value !== 'object') return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) sorted[key] = withSortedKeys((value as Record<string, unknown>)[key])
  return sorted
}

function bidRow(bid: Bid): NexmarkReferenceRow {
  return { auction: bid.auction, bidder: bid.bidder, price: bid.price, dateTime: bid.dateTime, extra: bid.extra }
}

// q1's `0.908 * price` is DECIMAL(23,3) in SQL, exact for an integer price; price * 908 is an exact integer in a
// double (below 2^53 / 908), so this is the double nearest to the exact decimal. The engine must produce this number.
function dollarsToEuros(price: number): number {
  return Math.round(price * 908) / 1000
}

function windowStart(timeMs: number, sizeMs: number): number {
  return Math.floor(timeMs / sizeMs) * sizeMs
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  return groups
}

// Unbounded inner join: one row per (auction, person) pair, so a person id seen twice joins twice.
function q3(auctions: readonly Auction[], persons: readonly Person[]): NexmarkReferenceRow[] {
  const personsById = groupBy(persons.filter((person) => Q3_STATES.has(person.state)), (person) => person.id)
  const rows: NexmarkReferenceRow[] = []
  for (const auction of auctions) {
    if (auction.category !== Q3_CATEGORY) continue
    for (const person of personsById.get(auction.seller) ?? []) {
      rows.push({ name: person.name, city: person.city, state: person.state, id: auction.id })
    }
  }
  return rows
}

// Q = max price per (A.id, A.category) over the join with B.dateTime BETWEEN A.dateTime AND A.expires;
// then AVG(Q.final) per category over BIGINT, which Flink truncates toward zero.
function q4(auctions: readonly Auction[], bids: readonly Bid[]): NexmarkReferenceRow[] {
  const bidsByAuction = groupBy(bids, (bid) => bid.auction)
  const finalByAuction = new Map<string, { category: number; final: number }>()
  for (const auction of auctions) {
    const key = `${auction.id}|${auction.category}`
    for (const bid of bidsByAuction.get(auction.id) ?? []) {
      if (bid.dateTime < auction.dateTime || bid.dateTime > auction.expires) continue
      const current = finalByAuction.get(key)
      if (current === undefined) finalByAuction.set(key, { category: auction.category, final: bid.price })
      else current.final = Math.max(current.final, bid.price)
    }
  }
  const totals = new Map<number, { sum: number; count: number }>()
  for (const { category, final } of finalByAuction.values()) {
    const total = totals.get(category)
    if (total === undefined) totals.set(category, { sum: final, count: 1 })
    else { total.sum += final; total.count += 1 }
  }
  return [...totals].map(([category, { sum, count }]) => ({ category, final: Math.trunc(sum / count) }))
}

// HOP(size 10 s, slide 2 s): a bid at t is in the windows [s, s + 10 s) for the 5 slide multiples s in (t - 10 s, t].
function q5(bids: readonly Bid[]): NexmarkReferenceRow[] {
  const countsByWindow = new Map<number, Map<number, number>>()
  for (const bid of bids) {
    const lastStart = windowStart(bid.dateTime, HOP_SLIDE_MS)
    for (let start = lastStart; start > bid.dateTime - HOP_SIZE_MS; start -= HOP_SLIDE_MS) {
      let counts = countsByWindow.get(start)
      if (counts === undefined) countsByWindow.set(start, counts = new Map())
      counts.set(bid.auction, (counts.get(bid.auction) ?? 0) + 1)
    }
  }
  const rows: NexmarkReferenceRow[] = []
  for (const counts of countsByWindow.values()) {
    let maxCount = 0
    for (const num of counts.values()) maxCount = Math.max(maxCount, num)
    for (const [auction, num] of counts) {
      if (num === maxCount) rows.push({ auction, num })
    }
  }
  return rows
}

// Per tumbling window [s, s + 10 s): maxprice, dt = s + 10 s. A bid B joins a window when B.price = maxprice and
// B.dateTime BETWEEN dt - 10 s AND dt, i.e. s <= t <= s + 10 s: its own window, and also the previous one when t
// is exactly a window boundary.
function q7(bids: readonly Bid[]): NexmarkReferenceRow[] {
  const maxPriceByWindow = new Map<number, number>()
  for (const bid of bids) {
    const start = windowStart(bid.dateTime, TUMBLE_SIZE_MS)
    maxPriceByWindow.set(start, Math.max(maxPriceByWindow.get(start) ?? -Infinity, bid.price))
  }
  const rows: NexmarkReferenceRow[] = []
  for (const bid of bids) {
    const ownStart = windowStart(bid.dateTime, TUMBLE_SIZE_MS)
    const starts = bid.dateTime === ownStart ? [ownStart, ownStart - TUMBLE_SIZE_MS] : [ownStart]
    for (const start of starts) {
      if (maxPriceByWindow.get(start) === bid.price) rows.push(bidRow(bid))
    }
  }
  return rows
}

// Distinct (id, name, window) persons joined with distinct (seller, window) auctions on id = seller, same window.
function q8(auctions: readonly Auction[], persons: readonly Person[]): NexmarkReferenceRow[] {
  const sellerWindows = new Set<string>()
  for (const auction of auctions) {
    sellerWindows.add(JSON.stringify([auction.seller, windowStart(auction.dateTime, TUMBLE_SIZE_MS)]))
  }
  const distinctPersons = new Map<string, NexmarkReferenceRow>()
  for (const person of persons) {
    const stime = windowStart(person.dateTime, TUMBLE_SIZE_MS)
    if (!sellerWindows.has(JSON.stringify([person.id, stime]))) continue
    distinctPersons.set(JSON.stringify([person.id, person.name, stime]), { id: person.id, name: person.name, stime })
  }
  return [...distinctPersons.values()]
}
