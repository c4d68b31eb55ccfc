import type { Key } from '../state/key.js'
import type { DataStream } from './data-stream.js'
import type { Collector, KeySelector } from '../api/functions.js'
import type { WindowAssigner } from '../api/windowing/window-assigner.js'

/** An element of either side of a co-group, tagged with its side. */
interface Tagged<A, B> {
  readonly side: 1 | 2
  readonly value: A | B
}

/** Receives the elements of both sides that share a key and a window. */
export type CoGroupFunction<A, B, O, W> = (first: readonly A[], second: readonly B[], out: Collector<O>, window: W) => void

/** Receives one pair of a window join. */
export type JoinFunction<A, B, O> = (first: A, second: B) => O

/**
 * Window co-group and join of two streams (Flink's CoGroupedStreams / JoinedStreams): both sides
 * are tagged, unioned, keyed and windowed together, and each (key, window) sees both sides.
 */
export class CoGroupedStreams<A, B> {
  constructor(private readonly first: DataStream<A>, private readonly second: DataStream<B>) {}

  where<K extends Key>(firstKey: KeySelector<A, K>): { equalTo(secondKey: KeySelector<B, K>): CoGroupWhereEqual<A, B, K> } {
    return { equalTo: (secondKey) => new CoGroupWhereEqual(this.first, this.second, firstKey, secondKey) }
  }
}

/** A co-group with both keys chosen, waiting for its window. */
export class CoGroupWhereEqual<A, B, K extends Key> {
  constructor(
    private readonly first: DataStream<A>,
    private readonly second: DataStream<B>,
    private readonly firstKey: KeySelector<A, K>,
    private readonly secondKey: KeySelector<B, K>,
  ) {}

  window<W>(assigner: WindowAssigner<W>): WindowedCoGroup<A, B, K, W> {
    return new WindowedCoGroup(this.first, this.second, this.firstKey, this.secondKey, assigner)
  }
}

/** A windowed co-group: apply() (all elements) or join() (every pair). */
export class WindowedCoGroup<A, B, K extends Key, W> {
  constructor(
    private readonly first: DataStream<A>,
    private readonly second: DataStream<B>,
    private readonly firstKey: KeySelector<A, K>,
    private readonly secondKey: KeySelector<B, K>,
    private readonly assigner: WindowAssigner<W>,
  ) {}

  /** Calls `fn` once per key and window in which at least one side has elements. */
  apply<O>(fn: CoGroupFunction<A, B, O, W>): DataStream<O> {
    const { firstKey, secondKey } = this
    const left = this.first.map((value): Tagged<A, B> => ({ side: 1, value })).name('CoGroup Tag Left')
    const right = this.second.map((value): Tagged<A, B> => ({ side: 2, value })).name('CoGroup Tag Right')
    return left.union(right)
      .keyBy((tagged) => (tagged.side === 1 ? firstKey(tagged.value as A) : secondKey(tagged.value as B)))
      .window(this.assigner)
      .process<O>({
        process(_key, context, elements, out) {
          const firsts: A[] = []
          const seconds: B[] = []
          for (const tagged of elements) {
            if (tagged.side === 1) firsts.push(tagged.value as A)
            else seconds.push(tagged.value as B)
          }
          fn(firsts, seconds, out, context.window)
        },
      })
      .name('CoGroup')
  }

  /** Calls `fn` for every pair of elements with the same key in the same window (an inner join). */
  join<O>(fn: JoinFunction<A, B, O>): DataStream<O> {
    return this.apply<O>((firsts, seconds, out) => {
      for (const a of firsts) for (const b of seconds) out.collect(fn(a, b))
    }).name('Join')
  }
}
