import { InvalidConnectorArgumentError } from '../../errors.js'

/** The Nexmark generator's settings; defaults are those of Flink's Nexmark benchmark. */
export interface NexmarkConfig {
  /** Seeds every event's random fields (each event is seeded by this and its id). */
  readonly seed: number
  /** Event-time density: events per event-time second. Not a throttle: the source runs at full speed. */
  readonly eventsPerSecond: number
  /** How many events in all (over every split); Infinity for an endless stream. */
  readonly totalEvents: number
  /** The first event's time, epoch milliseconds. */
  readonly baseTimeMs: number
  /** A bid goes to a hot auction with probability 1 − 1/hotAuctionRatio. */
  readonly hotAuctionRatio: number
  /** A bid comes from a hot bidder with probability 1 − 1/hotBiddersRatio. */
  readonly hotBiddersRatio: number
  /** An auction belongs to a hot seller with probability 1 − 1/hotSellersRatio. */
  readonly hotSellersRatio: number
  /** Auctions a random (non-hot) bid chooses among: the latest ones. */
  readonly numInFlightAuctions: number
  /** People a random (non-hot) bidder or seller is chosen among: the latest ones. */
  readonly numActivePeople: number
  readonly avgPersonByteSize: number
  readonly avgAuctionByteSize: number
  readonly avgBidByteSize: number
}

/** 2026-01-01T00:00:00Z: the first event's time unless set otherwise. */
export const NEXMARK_BASE_TIME_MS = Date.UTC(2026, 0, 1)

const DEFAULTS: NexmarkConfig = {
  seed: 42,
  eventsPerSecond: 10_000,
  totalEvents: Number.POSITIVE_INFINITY,
  baseTimeMs: NEXMARK_BASE_TIME_MS,
  hotAuctionRatio: 2,
  hotBiddersRatio: 4,
  hotSellersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
}

/** A Nexmark configuration: Flink's defaults overridden by `overrides`, validated. */
export function nexmarkConfig(overrides: Partial<NexmarkConfig> = {}): NexmarkConfig {
  const config = { ...DEFAULTS, ...overrides }
  requireWhole('seed', config.seed, 0)
  requirePositive('eventsPerSecond', config.eventsPerSecond)
  if (config.totalEvents !== Number.POSITIVE_INFINITY) requireWhole('totalEvents', config.totalEvents, 0)
  requireWhole('baseTimeMs', config.baseTimeMs, 0)
  for (const name of ['hotAuctionRatio', 'hotBiddersRatio', 'hotSellersRatio', 'numInFlightAuctions', 'numActivePeople'] as const) {
    requireWhole(name, config[name], 1)
  }
  return Object.freeze(config)
}

function requireWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidConnectorArgumentError('NexmarkSource', `${name} must be a whole number of at least ${min}, got ${value}`)
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidConnectorArgumentError('NexmarkSource', `${name} must be a positive number, got ${value}`)
  }
}
