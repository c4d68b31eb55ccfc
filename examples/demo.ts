// The demo job: a Nexmark auction stream at a steady 20 000 events/s (one event-time second per
// wall-clock second) and, every 2 s, the hottest auction of the last 10 s (Nexmark q5's sliding
// window), printed as each window closes. Runs until interrupted (Ctrl-C).
import {
  DataGeneratorSource, NexmarkGenerator, SlidingEventTimeWindows, TumblingEventTimeWindows, WatermarkStrategy,
  defineJob, eventTime, nexmarkConfig,
  type NexmarkEvent,
} from 'sluice'

const EVENTS_PER_SECOND = 20_000
const WINDOW_MS = 10_000
const SLIDE_MS = 2_000

interface HotAuction { windowEnd: string; auction: number; bids: number }

export default defineJob((env) => {
  env.setJobName('Sluice demo: hot auctions')
  // every worker builds its own generator; per-event seeding makes them agree
  const generator = new NexmarkGenerator(nexmarkConfig({ seed: 42, eventsPerSecond: EVENTS_PER_SECOND }))
  const source = new DataGeneratorSource<NexmarkEvent>((n) => generator.event(n), Number.POSITIVE_INFINITY, { recordsPerSecond: EVENTS_PER_SECOND })
  const watermarks = WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(4000).withTimestampAssigner(eventTime)
  env.fromSource(source, watermarks, 'Nexmark Events')
    .filter((event) => event.bid !== undefined).name('Bids')
    .map((event) => event.bid!.auction).name('Auction Id')
    .keyBy((auction) => auction)
    .window(SlidingEventTimeWindows.of(WINDOW_MS, SLIDE_MS))
    .aggregate<number, number, HotAuction>(
      { createAccumulator: () => 0, add: (_auction, count) => count + 1, getResult: (count) => count, merge: (a, b) => a + b },
      { process: (auction, ctx, counts, out) => { for (const bids of counts) out.collect({ windowEnd: new Date(ctx.window.end).toISOString(), auction, bids }) } },
    ).name('Bids per Auction')
    // every count carries its window's last timestamp, so a tumbling window of the slide holds one sliding window's counts
    .windowAll(TumblingEventTimeWindows.of(SLIDE_MS))
    .reduce((a, b) => (b.bids > a.bids ? b : a)).name('Hottest Auction')
    .print()
})
