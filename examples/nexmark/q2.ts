// Nexmark q2, selection: bids on every 123rd auction.
import { defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const results = nexmarkStream(env, args)
    .filter((event) => event.bid !== undefined && event.bid.auction % 123 === 0).name('Selected Bids')
    .map(({ bid }) => ({ auction: bid!.auction, price: bid!.price })).name('Project')
  sinkResults(results, args)
})
