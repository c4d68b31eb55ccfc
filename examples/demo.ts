// The demo job: a Nexmark auction stream at a steady 20 000 events/s (one event-time second per
// wall-clock second) and, every 2 s, the hottest auctions of the last 10 s (Nexmark q5's sliding
// window), printed as they fire. Runs until interrupted (Ctrl-C).
import {
  DataGeneratorSource, NexmarkGenerator, SlidingEventTimeWindows, WatermarkStrategy, defineJob, eventTime, nexmarkConfig,
  type NexmarkEvent,
} from 'sluice'

const EVENTS_PER_SECOND = 20_000

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
    .window(SlidingEventTimeWindows.of(10_000, 2_000))
    .aggregate<number, number, { windowEnd: string; auction: number; bids: number }>(
      { createAccumulator: () => 0, add: (_auction, count) => count + 1, getResult: (count) => count },
      {
        process: (auction, ctx, counts, out) => {
          for (const bids of counts) if (bids >= 100) out.collect({ windowEnd: new Date(ctx.window.end).toISOString(), auction, bids })
        },
      },
    ).name('Hot Auctions')
    .print()
})
