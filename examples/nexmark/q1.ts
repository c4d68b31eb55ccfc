// Nexmark q1, currency conversion: bid prices in euros (0.908 × dollars). SQL computes it as
// DECIMAL(23,3); price × 908 / 1000 gives the double nearest that exact decimal, where
// 0.908 × price would carry 0.908's binary rounding error (13.620000000000001 for 15).
import { defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const results = nexmarkStream(env, args)
    .filter((event) => event.bid !== undefined).name('Bids')
    .map(({ bid }) => ({ auction: bid!.auction, bidder: bid!.bidder, price: (bid!.price * 908) / 1000, dateTime: bid!.dateTime, extra: bid!.extra })).name('To Euro')
  sinkResults(results, args)
})
