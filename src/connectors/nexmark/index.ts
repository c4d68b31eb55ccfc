export { NexmarkSource } from './nexmark-source.js'
export { nexmarkConfig, NEXMARK_BASE_TIME_MS, type NexmarkConfig } from './nexmark-config.js'
export { NexmarkGenerator } from './nexmark-generator.js'
export { eventTime, type Auction, type Bid, type NexmarkEvent, type Person } from './nexmark-event.js'
