import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Auction, Bid, NexmarkEvent, Person } from '../../src/connectors/nexmark/nexmark-event.js'
import {
  canonicalMultiset, NEXMARK_REFERENCE_QUERIES, type NexmarkReferenceQuery, referenceQuery,
} from '../support/nexmark-reference.js'

function aBid(fields: Partial<Bid> = {}): NexmarkEvent {
  return { bid: { auction: 1, bidder: 1, price: 100, channel: 'web', url: 'u', dateTime: 0, extra: '', ...fields } }
}

function anAuction(fields: Partial<Auction> = {}): NexmarkEvent {
  return {
    auction: {
      id: 1, itemName: 'item', description: 'd', initialBid: 1, reserve: 1, dateTime: 0, expires: 100_000,
      seller: 1, category: 10, extra: '', ...fields,
    },
  }
}

function aPerson(fields: Partial<Person> = {}): NexmarkEvent {
  return {
    person: {
      id: 1, name: 'Ann', emailAddress: 'e', creditCard: 'c', city: 'Portland', state: 'OR', dateTime: 0, extra: '',
      ...fields,
    },
  }
}

function assertSameRows(query: NexmarkReferenceQuery, events: NexmarkEvent[], expected: Record<string, unknown>[]) {
  assert.deepEqual(canonicalMultiset(referenceQuery(query, events)), canonicalMultiset(expected))
}

describe('canonicalMultiset', () => {
  it('ignores key order and row order but keeps duplicates', () => {
    assert.deepEqual(canonicalMultiset([{ b: 1, a: 2 }, { a: 1 }]), canonicalMultiset([{ a: 1 }, { a: 2, b: 1 }]))
    assert.notDeepEqual(canonicalMultiset([{ a: 1 }, { a: 1 }]), canonicalMultiset([{ a: 1 }]))
  })

  it('does not round numbers', () => {
    assert.notDeepEqual(canonicalMultiset([{ price: 0.1 + 0.2 }]), canonicalMultiset([{ price: 0.3 }]))
  })
})

describe('referenceQuery', () => {
  it('q0 passes every bid through and ignores persons and auctions', () => {
    const events = [aBid({ auction: 7, bidder: 3, price: 12, dateTime: 5, extra: 'x' }), aPerson(), anAuction()]
    assertSameRows('q0', events, [{ auction: 7, bidder: 3, price: 12, dateTime: 5, extra: 'x' }])
  })

  it('q1 converts the price to euros as the exact DECIMAL(23,3) product', () => {
    const events = [aBid({ price: 100 }), aBid({ price: 3 }), aBid({ price: 1_234_567 })]
    assertSameRows('q1', events, [
      { auction: 1, bidder: 1, price: 90.8, dateTime: 0, extra: '' },
      { auction: 1, bidder: 1, price: 2.724, dateTime: 0, extra: '' },
      { auction: 1, bidder: 1, price: 1_120_986.836, dateTime: 0, extra: '' },
    ])
  })

  it('q2 keeps the bids on auctions divisible by 123', () => {
    const events = [0, 123, 124, 246].map((auction) => aBid({ auction, price: auction + 1 }))
    assertSameRows('q2', events, [{ auction: 0, price: 1 }, { auction: 123, price: 124 }, { auction: 246, price: 247 }])
  })

  it('q3 joins category-10 auctions with sellers from OR, ID or CA only', () => {
    const events = [
      anAuction({ id: 11, seller: 1, category: 10 }),
      anAuction({ id: 12, seller: 2, category: 10 }),
      anAuction({ id: 13, seller: 1, category: 9 }),
      anAuction({ id: 14, seller: 3, category: 10 }),
      anAuction({ id: 15, seller: 4, category: 10 }),
      aPerson({ id: 1, name: 'Ann', city: 'Portland', state: 'OR' }),
      aPerson({ id: 2, name: 'Bob', city: 'Seattle', state: 'WA' }),
      aPerson({ id: 3, name: 'Cy', city: 'Fresno', state: 'CA' }),
      aPerson({ id: 4, name: 'Di', city: 'Boise', state: 'ID' }),
    ]
    assertSameRows('q3', events, [
      { name: 'Ann', city: 'Portland', state: 'OR', id: 11 },
      { name: 'Cy', city: 'Fresno', state: 'CA', id: 14 },
      { name: 'Di', city: 'Boise', state: 'ID', id: 15 },
    ])
  })

  it('q4 takes the max bid inside [dateTime, expires] and truncates the average per category', () => {
    const events = [
      anAuction({ id: 1, category: 1, dateTime: 1000, expires: 5000 }),
      aBid({ auction: 1, price: 1000, dateTime: 999 }), // before the auction opens
      aBid({ auction: 1, price: 10, dateTime: 1000 }), // both ends inclusive
      aBid({ auction: 1, price: 20, dateTime: 5000 }),
      aBid({ auction: 1, price: 500, dateTime: 5001 }), // after it expires
      anAuction({ id: 2, category: 1, dateTime: 0, expires: 10_000 }),
      aBid({ auction: 2, price: 25, dateTime: 3000 }),
      anAuction({ id: 3, category: 2, dateTime: 0, expires: 1000 }),
      aBid({ auction: 3, price: 99, dateTime: 1001 }), // category 2 has no final price, so no row
      anAuction({ id: 4, category: 3, dateTime: 0, expires: 1000 }),
      aBid({ auction: 4, price: 7, dateTime: 500 }),
      aBid({ auction: 4, price: 3, dateTime: 600 }),
      aBid({ auction: 99, price: 1000, dateTime: 500 }), // no such auction
    ]
    // category 1: AVG(20, 25) = 22.5 → 22 (BIGINT)
    assertSameRows('q4', events, [{ category: 1, final: 22 }, { category: 3, final: 7 }])
  })

  it('q5 puts a bid in the 5 windows [s, s + 10 s) that contain it, end exclusive', () => {
    // auction 1 at 10 000 is in the windows starting 2000..10 000; auction 2 at 9999 in 0..8000.
    const events = [
      aBid({ auction: 1, dateTime: 10_000 }),
      aBid({ auction: 1, dateTime: 10_000 }),
      aBid({ auction: 2, dateTime: 9999 }),
    ]
    const ones = Array.from({ length: 5 }, () => ({ auction: 1, num: 2 }))
    assertSameRows('q5', events, [...ones, { auction: 2, num: 1 }])
  })

  it('q5 emits every auction tied at the window maximum', () => {
    // windows 92 000: a1 1, a2 1 (tie); 94 000..100 000: a1 2, a2 1; 102 000: a1 1.
    const events = [
      aBid({ auction: 1, dateTime: 101_000 }),
      aBid({ auction: 2, dateTime: 101_500 }),
      aBid({ auction: 1, dateTime: 103_000 }),
    ]
    assertSameRows('q5', events, [
      { auction: 1, num: 1 }, { auction: 2, num: 1 },
      { auction: 1, num: 2 }, { auction: 1, num: 2 }, { auction: 1, num: 2 }, { auction: 1, num: 2 },
      { auction: 1, num: 1 },
    ])
  })

  it('q7 matches max-price bids between window end - 10 s and window end, both inclusive', () => {
    const atEnd = { auction: 1, bidder: 1, price: 50, dateTime: 10_000, extra: 'end of [0,10s), start of [10s,20s)' }
    const inside = { auction: 2, bidder: 2, price: 50, dateTime: 5000, extra: '' }
    const lower = { auction: 3, bidder: 3, price: 40, dateTime: 15_000, extra: '' }
    const lastWindow = { auction: 4, bidder: 4, price: 10, dateTime: 20_000, extra: '' }
    const events = [atEnd, inside, lower, lastWindow].map((bid) => aBid(bid))
    // max: [0,10s) 50; [10s,20s) 50; [20s,30s) 10. The 10 s bid matches the first two windows.
    assertSameRows('q7', events, [atEnd, atEnd, inside, lastWindow])
  })

  it('q7 matches a max-price bid at a window start once when the previous window has a higher max', () => {
    const earlier = { auction: 1, bidder: 1, price: 90, dateTime: 9999, extra: '' }
    const atStart = { auction: 2, bidder: 2, price: 60, dateTime: 10_000, extra: '' }
    assertSameRows('q7', [earlier, atStart].map((bid) => aBid(bid)), [earlier, atStart])
  })

  it('q8 joins distinct persons and sellers of the same tumbling window', () => {
    const events = [
      aPerson({ id: 1, name: 'Ann', dateTime: 1000 }),
      aPerson({ id: 1, name: 'Ann', dateTime: 2000 }),
      anAuction({ id: 10, seller: 1, dateTime: 3000 }),
      anAuction({ id: 11, seller: 1, dateTime: 4000 }), // second auction, same window: still one row
      aPerson({ id: 2, name: 'Bob', dateTime: 9999 }),
      anAuction({ id: 12, seller: 2, dateTime: 10_000 }), // next window
      aPerson({ id: 3, name: 'Cy', dateTime: 12_000 }),
      anAuction({ id: 13, seller: 3, dateTime: 19_999 }),
      aPerson({ id: 4, name: 'Di', dateTime: 12_000 }), // never sells
    ]
    assertSameRows('q8', events, [{ id: 1, name: 'Ann', stime: 0 }, { id: 3, name: 'Cy', stime: 10_000 }])
  })

  it('gives the same multiset whatever the input order', () => {
    const events = [
      aPerson({ id: 1, dateTime: 500 }), anAuction({ id: 123, seller: 1, category: 10, dateTime: 600 }),
      aBid({ auction: 123, price: 5, dateTime: 700 }), aBid({ auction: 123, price: 9, dateTime: 10_000 }),
      aBid({ auction: 7, price: 9, dateTime: 12_000 }), aBid({ auction: 7, price: 3, dateTime: 15_500 }),
    ]
    for (const query of NEXMARK_REFERENCE_QUERIES) {
      assert.deepEqual(
        canonicalMultiset(referenceQuery(query, [...events].reverse())),
        canonicalMultiset(referenceQuery(query, events)),
        query,
      )
    }
  })
})
