// Nexmark q3, local item suggestion: sellers in OR, ID or CA with auctions in category 10
// (an unbounded regular join of auctions and persons on seller = id).
import {
  defineJob, listState, valueState,
  type Auction, type Collector, type KeyedCoProcessFunction, type KeyedProcessContext, type ListState, type Person,
  type RuntimeContext, type ValueState,
} from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

interface Q3Row { name: string; city: string; state: string; id: number }

/** Keyed by seller id: remembers the seller, and auctions that arrived before it. */
class JoinSeller implements KeyedCoProcessFunction<number, Auction, Person, Q3Row> {
  seller!: ValueState<Person>
  waiting!: ListState<Auction>

  open(ctx: RuntimeContext): void {
    this.seller = ctx.getState(valueState<Person>('seller'))
    this.waiting = ctx.getListState(listState<Auction>('auctions-waiting-for-seller'))
  }

  processElement1(auction: Auction, _ctx: KeyedProcessContext<number>, out: Collector<Q3Row>): void {
    const person = this.seller.value()
    if (person === undefined) this.waiting.add(auction)
    else out.collect({ name: person.name, city: person.city, state: person.state, id: auction.id })
  }

  processElement2(person: Person, _ctx: KeyedProcessContext<number>, out: Collector<Q3Row>): void {
    this.seller.update(person)
    for (const auction of this.waiting.get()) out.collect({ name: person.name, city: person.city, state: person.state, id: auction.id })
    this.waiting.clear()
  }
}

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const events = nexmarkStream(env, args)
  const auctions = events.filter((e) => e.auction !== undefined && e.auction.category === 10).name('Category 10 Auctions')
    .map((e) => e.auction!).name('Auction')
  const persons = events.filter((e) => e.person !== undefined && ['OR', 'ID', 'CA'].includes(e.person.state)).name('Persons in OR/ID/CA')
    .map((e) => e.person!).name('Person')
  const results = auctions.connect(persons)
    .keyBy((auction) => auction.seller, (person) => person.id)
    .process(new JoinSeller()).name('Join Seller')
  sinkResults(results, args)
})
