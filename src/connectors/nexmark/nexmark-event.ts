/** A person registering to buy or sell (Nexmark's Person). Times are epoch milliseconds. */
export interface Person {
  readonly id: number
  readonly name: string
  readonly emailAddress: string
  readonly creditCard: string
  readonly city: string
  readonly state: string
  readonly dateTime: number
  readonly extra: string
}

/** An item put up for auction (Nexmark's Auction). */
export interface Auction {
  readonly id: number
  readonly itemName: string
  readonly description: string
  readonly initialBid: number
  readonly reserve: number
  readonly dateTime: number
  readonly expires: number
  readonly seller: number
  readonly category: number
  readonly extra: string
}

/** A bid on an auction (Nexmark's Bid). */
export interface Bid {
  readonly auction: number
  readonly bidder: number
  readonly price: number
  readonly channel: string
  readonly url: string
  readonly dateTime: number
  readonly extra: string
}

/**
 * One event of the Nexmark stream: an object with exactly one of the three fields, as in
 * Nexmark's union table (its JSON form is `{"bid":{…}}` and so on).
 */
export type NexmarkEvent =
  | { readonly person: Person; readonly auction?: undefined; readonly bid?: undefined }
  | { readonly auction: Auction; readonly person?: undefined; readonly bid?: undefined }
  | { readonly bid: Bid; readonly person?: undefined; readonly auction?: undefined }

/** The event time of an event: its entity's dateTime. */
export function eventTime(event: NexmarkEvent): number {
  return (event.bid ?? event.auction ?? event.person).dateTime
}
