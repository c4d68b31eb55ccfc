/**
 * How records of an edge are distributed over the downstream subtasks (Flink's partitioners).
 * forward: subtask i → subtask i (same parallelism); rebalance: round robin; hash: by key group;
 * global: everything to subtask 0; broadcast: to every subtask.
 */
export const PARTITIONER_KINDS = ['forward', 'rebalance', 'hash', 'global', 'broadcast'] as const
export type PartitionerKind = (typeof PARTITIONER_KINDS)[number]

/** An edge's partitioner; `hash` carries the key selector that computes a record's key. */
export type Partitioner =
  | { readonly kind: 'forward' | 'rebalance' | 'global' | 'broadcast' }
  | { readonly kind: 'hash'; readonly keySelector: (value: any) => unknown }

/** Whether each upstream subtask talks to one downstream subtask (pointwise) or to all of them. */
export function isPointwise(partitioner: Partitioner): boolean {
  return partitioner.kind === 'forward'
}
