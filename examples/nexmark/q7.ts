// Nexmark q7, highest bid: the bids whose price is the highest of a 10 s tumbling window and
// whose time lies within [window end − 10 s, window end] (SQL BETWEEN: both ends inclusive).
//
// Computed incrementally instead of joining every bid against the window maxima (that plan is
// q7-interval-join.ts): per window only the bids at the running maximum are kept, plus the bids at
// the window's very first millisecond, which BETWEEN also matches against the previous window's
// maximum. Each source subtask first drops the bids below the highest price it has already seen
// in the same window (they cannot be the maximum), so few bids cross the network; then a stage
// pre-aggregates in parallel, one merges per window, and one pairs each window with the previous.
import {
  TumblingEventTimeWindows, defineJob, valueState,
  type AggregateFunction, type Bid, type Collector, type KeyedProcessContext, type KeyedProcessFunction,
  type RuntimeContext, type ValueState,
} from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

const WINDOW_MS = 10_000
/** Spreads the first stage over subtasks; bids are keyed by time, which no hot key skews. */
const PRE_AGGREGATION_KEYS = 64

interface Q7Row { auction: number; bidder: number; price: number; dateTime: number; extra: string }

/** The bids of a window at its highest price so far, and those at its first millisecond. */
interface HighestBids { maxPrice: number; atMax: Q7Row[]; atStart: Q7Row[] }
interface WindowHighestBids extends HighestBids { windowEnd: number }

const rowOf = (bid: Bid): Q7Row => ({ auction: bid.auction, bidder: bid.bidder, price: bid.price, dateTime: bid.dateTime, extra: bid.extra })

function offer(acc: HighestBids, row: Q7Row): void {
  if (row.price > acc.maxPrice) {
    acc.maxPrice = row.price
    acc.atMax = [row]
  } else if (row.price === acc.maxPrice) {
    acc.atMax.push(row)
  }
}

const highestBids: AggregateFunction<Bid, HighestBids, HighestBids> = {
  createAccumulator: () => ({ maxPrice: -1, atMax: [], atStart: [] }),
  add(bid, acc) {
    const row = rowOf(bid)
    offer(acc, row)
    if (bid.dateTime % WINDOW_MS === 0) acc.atStart.push(row)
    return acc
  },
  getResult: (acc) => acc,
}

function merge(a: WindowHighestBids, b: WindowHighestBids): WindowHighestBids {
  const merged = { windowEnd: a.windowEnd, maxPrice: a.maxPrice, atMax: [...a.atMax], atStart: [...a.atStart, ...b.atStart] }
  for (const row of b.atMax) offer(merged, row)
  return merged
}

/**
 * Passes a bid only if it could still be its window's maximum as far as this subtask has seen, or
 * lies on a window's first millisecond. An optimisation without effect on the result: its memory
 * is not checkpointed, and forgetting only lets more bids through.
 */
function localCandidates(): (bid: Bid) => boolean {
  const highestPerWindow = new Map<number, number>()
  let latestWindow = Number.NEGATIVE_INFINITY
  return (bid) => {
    const windowStart = bid.dateTime - (bid.dateTime % WINDOW_MS)
    if (windowStart > latestWindow) {
      latestWindow = windowStart
      // bids are at most seconds out of order: windows two back are done
      for (const start of highestPerWindow.keys()) if (start < windowStart - WINDOW_MS) highestPerWindow.delete(start)
    }
    const highest = highestPerWindow.get(windowStart)
    if (highest === undefined || bid.price > highest) highestPerWindow.set(windowStart, bid.price)
    return highest === undefined || bid.price >= highest || bid.dateTime === windowStart
  }
}

/** Windows arrive in order; emits each window's highest bids and the boundary bids the previous window's maximum matches. */
class HighestBidsWithBoundary implements KeyedProcessFunction<0, WindowHighestBids, Q7Row> {
  previous!: ValueState<{ windowEnd: number; maxPrice: number }>

  open(ctx: RuntimeContext): void {
    this.previous = ctx.getState(valueState<{ windowEnd: number; maxPrice: number }>('previous-window-maximum'))
  }

  processElement(window: WindowHighestBids, _ctx: KeyedProcessContext<0>, out: Collector<Q7Row>): void {
    for (const row of window.atMax) out.collect(row)
    const previous = this.previous.value()
    if (previous !== undefined && previous.windowEnd === window.windowEnd - WINDOW_MS) {
      for (const row of window.atStart) if (row.price === previous.maxPrice) out.collect(row)
    }
    this.previous.update({ windowEnd: window.windowEnd, maxPrice: window.maxPrice })
  }
}

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  const results = nexmarkStream(env, args)
    .filter((e) => e.bid !== undefined).name('Bids')
    .map((e) => e.bid!).name('Bid')
    .filter(localCandidates()).name('Local Maximum Candidates')
    .keyBy((bid) => bid.dateTime % PRE_AGGREGATION_KEYS)
    .window(TumblingEventTimeWindows.of(WINDOW_MS))
    .aggregate<HighestBids, HighestBids, WindowHighestBids>(highestBids, {
      process: (_key, ctx, results, out) => { for (const r of results) out.collect({ windowEnd: ctx.window.end, ...r }) },
    }).name('Highest Bids per Window (partial)')
    .windowAll(TumblingEventTimeWindows.of(WINDOW_MS))
    .reduce(merge).name('Highest Bids per Window')
    .keyBy(() => 0 as const)
    .process(new HighestBidsWithBoundary()).name('Highest Bids')
  sinkResults(results, args)
})
