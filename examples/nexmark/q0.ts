// Nexmark q0, pass-through: every bid's auction, bidder, price, dateTime and extra.
import { defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const results = nexmarkStream(env, args)
    .filter((event) => event.bid !== undefined).name('Bids')
    .map(({ bid }) => ({ auction: bid!.auction, bidder: bid!.bidder, price: bid!.price, dateTime: bid!.dateTime, extra: bid!.extra })).name('Project')
  sinkResults(results, args)
})
