// Nexmark q4, average winning price per category: the highest bid of each auction within its
// lifetime (A.dateTime <= B.dateTime <= A.expires), averaged per category. An upsert stream:
// a later row for a category replaces the earlier one. AVG over BIGINT is a BIGINT in Flink SQL,
// so the average is truncated toward zero.
import {
  defineJob, listState, mapState, valueState,
  type Auction, type Bid, type Collector, type KeyedCoProcessFunction, type KeyedProcessContext,
  type KeyedProcessFunction, type ListState, type MapState, type RuntimeContext, type ValueState,
} from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

interface WinningBid { auction: number; category: number; price: number }
interface Q4Row { category: number; final: number }

/** Keyed by auction id: the auction, its highest bid so far, and bids that arrived before it. */
class MaxBidPerAuction implements KeyedCoProcessFunction<number, Auction, Bid, WinningBid> {
  auction!: ValueState<Auction>
  maxPrice!: ValueState<number>
  early!: ListState<Bid>

  open(ctx: RuntimeContext): void {
    this.auction = ctx.getState(valueState<Auction>('auction'))
    this.maxPrice = ctx.getState(valueState<number>('max-price'))
    this.early = ctx.getListState(listState<Bid>('bids-before-auction'))
  }

  processElement1(auction: Auction, _ctx: KeyedProcessContext<number>, out: Collector<WinningBid>): void {
    this.auction.update(auction)
    for (const bid of this.early.get()) this.#offer(auction, bid, out)
    this.early.clear()
  }

  processElement2(bid: Bid, _ctx: KeyedProcessContext<number>, out: Collector<WinningBid>): void {
    const auction = this.auction.value()
    if (auction === undefined) this.early.add(bid)
    else this.#offer(auction, bid, out)
  }

  #offer(auction: Auction, bid: Bid, out: Collector<WinningBid>): void {
    if (bid.dateTime < auction.dateTime || bid.dateTime > auction.expires) return
    const max = this.maxPrice.value()
    if (max !== undefined && bid.price <= max) return
    this.maxPrice.update(bid.price)
    out.collect({ auction: auction.id, category: auction.category, price: bid.price })
  }
}

/** Keyed by category: the winning price of each auction, their running sum and count. */
class AveragePerCategory implements KeyedProcessFunction<number, WinningBid, Q4Row> {
  winning!: MapState<number, number>
  sum!: ValueState<number>
  count!: ValueState<number>

  open(ctx: RuntimeContext): void {
    this.winning = ctx.getMapState(mapState<number, number>('winning-price-per-auction'))
    this.sum = ctx.getState(valueState<number>('sum', 0))
    this.count = ctx.getState(valueState<number>('count', 0))
  }

  processElement(update: WinningBid, ctx: KeyedProcessContext<number>, out: Collector<Q4Row>): void {
    const previous = this.winning.get(update.auction)
    this.winning.put(update.auction, update.price)
    const sum = this.sum.value()! - (previous ?? 0) + update.price
    const count = this.count.value()! + (previous === undefined ? 1 : 0)
    this.sum.update(sum)
    this.count.update(count)
    out.collect({ category: ctx.getCurrentKey(), final: Math.trunc(sum / count) })
  }
}

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const events = nexmarkStream(env, args)
  const auctions = events.filter((e) => e.auction !== undefined).name('Auctions').map((e) => e.auction!).name('Auction')
  const bids = events.filter((e) => e.bid !== undefined).name('Bids').map((e) => e.bid!).name('Bid')
  const results = auctions.connect(bids)
    .keyBy((auction) => auction.id, (bid) => bid.auction)
    .process(new MaxBidPerAuction()).name('Max Bid per Auction')
    .keyBy((winning) => winning.category)
    .process(new AveragePerCategory()).name('Average per Category')
  sinkResults(results, args)
})
