// Nexmark q7, highest bid: the bids whose price is the highest of a 10 s tumbling window and
// whose time lies within [window end − 10 s, window end] (SQL BETWEEN: both ends inclusive).
import { TumblingEventTimeWindows, defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

interface WindowMax { maxPrice: number; windowEnd: number }

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const bids = nexmarkStream(env, args)
    .filter((e) => e.bid !== undefined).name('Bids')
    .map((e) => e.bid!).name('Bid')
  const maxima = bids
    .map((bid) => bid.price).name('Price')
    .windowAll(TumblingEventTimeWindows.of(10_000))
    .reduce<WindowMax>((a, b) => Math.max(a, b), {
      process: (_key, ctx, prices, out) => { for (const maxPrice of prices) out.collect({ maxPrice, windowEnd: ctx.window.end }) },
    }).name('Max Price per Window')
  // a window's maximum carries timestamp end − 1; bids from end − 10 000 to end match: [−9 999, +1]
  const results = maxima.keyBy((max) => max.maxPrice)
    .intervalJoin(bids.keyBy((bid) => bid.price))
    .between(-9_999, 1)
    .process<{ auction: number; bidder: number; price: number; dateTime: number; extra: string }>((_max, bid, _ctx, out) => {
      out.collect({ auction: bid.auction, bidder: bid.bidder, price: bid.price, dateTime: bid.dateTime, extra: bid.extra })
    }).name('Bids with Max Price')
  sinkResults(results, args)
})
