// Nexmark q8, monitor new users: persons who opened an auction in the same 10 s tumbling
// window in which they registered.
import { TumblingEventTimeWindows, defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const events = nexmarkStream(env, args)
  const persons = events.filter((e) => e.person !== undefined).name('Persons').map((e) => ({ id: e.person!.id, name: e.person!.name })).name('Person')
  const sellers = events.filter((e) => e.auction !== undefined).name('Auctions').map((e) => e.auction!.seller).name('Seller')
  const results = persons.coGroup(sellers)
    .where((person) => person.id).equalTo((seller) => seller)
    .window(TumblingEventTimeWindows.of(10_000))
    .apply<{ id: number; name: string; stime: number }>((people, auctionsBySeller, out, window) => {
      if (auctionsBySeller.length === 0) return
      // GROUP BY id, name: one row per distinct person of the window
      const seen = new Set<string>()
      for (const person of people) {
        const key = `${person.id}\u0000${person.name}`
        if (seen.has(key)) continue
        seen.add(key)
        out.collect({ id: person.id, name: person.name, stime: window.start })
      }
    })
  sinkResults(results, args)
})
