// Nexmark q5, hot items: per sliding window (size 10 s, slide 2 s) the auctions with the most bids.
import {
  SlidingEventTimeWindows, defineJob, valueState,
  type Collector, type KeyedProcessContext, type KeyedProcessFunction, type OnTimerContext, type RuntimeContext, type ValueState,
} from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

interface AuctionCount { auction: number; num: number; windowEnd: number }
interface Q5Row { auction: number; num: number }

/**
 * Passes a window's count only if it reaches the highest count this subtask has already passed for
 * that window: lower ones cannot be the window's maximum. An optimisation without effect on the
 * result (its memory is not checkpointed; forgetting only lets more through) that spares the
 * network most of the counts, about one per auction and window.
 */
function localCandidates(): (count: AuctionCount) => boolean {
  const highestPerWindow = new Map<number, number>()
  return (count) => {
    const highest = highestPerWindow.get(count.windowEnd)
    if (highest !== undefined && count.num < highest) return false
    if (highest === undefined) {
      // windows fire in order of their end: those ending more than a window earlier are done
      for (const end of highestPerWindow.keys()) if (end < count.windowEnd - 10_000) highestPerWindow.delete(end)
    }
    highestPerWindow.set(count.windowEnd, count.num)
    return true
  }
}

/** Keyed by window end: keeps the auctions at the highest count so far, emits them when the window closes. */
class HottestPerWindow implements KeyedProcessFunction<number, AuctionCount, Q5Row> {
  hottest!: ValueState<{ num: number; auctions: number[] }>

  open(ctx: RuntimeContext): void {
    this.hottest = ctx.getState(valueState<{ num: number; auctions: number[] }>('hottest-auctions'))
  }

  processElement(count: AuctionCount, ctx: KeyedProcessContext<number>): void {
    const hottest = this.hottest.value()
    if (hottest === undefined) {
      this.hottest.update({ num: count.num, auctions: [count.auction] })
      // every count of a window carries its timestamp (end − 1): the watermark passes it once all arrived
      ctx.timerService().registerEventTimeTimer(count.windowEnd - 1)
    } else if (count.num > hottest.num) {
      this.hottest.update({ num: count.num, auctions: [count.auction] })
    } else if (count.num === hottest.num) {
      hottest.auctions.push(count.auction)
      this.hottest.update(hottest)
    }
  }

  onTimer(_timestampMs: number, _ctx: OnTimerContext<number>, out: Collector<Q5Row>): void {
    const hottest = this.hottest.value()!
    for (const auction of hottest.auctions) out.collect({ auction, num: hottest.num })
    this.hottest.clear()
  }
}

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const results = nexmarkStream(env, args)
    .filter((e) => e.bid !== undefined).name('Bids')
    .map((e) => e.bid!.auction).name('Auction Id')
    .keyBy((auction) => auction)
    .window(SlidingEventTimeWindows.of(10_000, 2_000))
    .aggregate<number, number, AuctionCount>(
      { createAccumulator: () => 0, add: (_auction, count) => count + 1, getResult: (count) => count, merge: (a, b) => a + b },
      { process: (auction, ctx, counts, out) => { for (const num of counts) out.collect({ auction, num, windowEnd: ctx.window.end }) } },
    ).name('Bids per Auction and Window')
    .filter(localCandidates()).name('Local Maximum Candidates')
    .keyBy((count) => count.windowEnd)
    .process(new HottestPerWindow()).name('Hottest per Window')
  sinkResults(results, args)
})
