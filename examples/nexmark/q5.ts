// Nexmark q5, hot items: per sliding window (size 10 s, slide 2 s) the auctions with the most bids.
import {
  SlidingEventTimeWindows, defineJob, listState,
  type Collector, type KeyedProcessContext, type KeyedProcessFunction, type ListState, type OnTimerContext, type RuntimeContext,
} from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

interface AuctionCount { auction: number; num: number; windowEnd: number }
interface Q5Row { auction: number; num: number }

/** Keyed by window end: collects every auction's count of that window, emits the maxima when it closes. */
class HottestPerWindow implements KeyedProcessFunction<number, AuctionCount, Q5Row> {
  counts!: ListState<AuctionCount>

  open(ctx: RuntimeContext): void {
    this.counts = ctx.getListState(listState<AuctionCount>('counts'))
  }

  processElement(count: AuctionCount, ctx: KeyedProcessContext<number>): void {
    this.counts.add(count)
    // every count of a window carries its timestamp (end − 1); the watermark passes it once all arrived
    ctx.timerService().registerEventTimeTimer(count.windowEnd - 1)
  }

  onTimer(_timestampMs: number, _ctx: OnTimerContext<number>, out: Collector<Q5Row>): void {
    const counts = this.counts.get()
    let max = 0
    for (const c of counts) if (c.num > max) max = c.num
    for (const c of counts) if (c.num === max) out.collect({ auction: c.auction, num: c.num })
    this.counts.clear()
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
      { createAccumulator: () => 0, add: (_auction, count) => count + 1, getResult: (count) => count },
      { process: (auction, ctx, counts, out) => { for (const num of counts) out.collect({ auction, num, windowEnd: ctx.window.end }) } },
    ).name('Bids per Auction and Window')
    .keyBy((count) => count.windowEnd)
    .process(new HottestPerWindow()).name('Hottest per Window')
  sinkResults(results, args)
})
