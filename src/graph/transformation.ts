import type { Partitioner } from './partitioner.js'

/** Whether an operator may be chained to its predecessor and successors (Flink's ChainingStrategy). */
export type ChainingStrategy = 'ALWAYS' | 'HEAD' | 'NEVER'

/**
 * Creates the runtime object of an operator. The graph keeps it opaque: only workers call it,
 * and they rebuild the graph from the job module, so functions never cross threads.
 */
export type OperatorFactory = (operatorName: string) => unknown

/** One input of a physical transformation and how its records are partitioned. */
export interface TransformationInput {
  readonly transformation: Transformation
  /** Set by keyBy/rebalance/...; undefined = forward if parallelism matches, else rebalance. */
  readonly partitioner: Partitioner | undefined
  /** 1 or 2: the logical input of a two-input operator. */
  readonly inputIndex: 1 | 2
}

/** The kinds of transformation the API records. */
export type TransformationKind = 'source' | 'one-input' | 'two-input' | 'sink' | 'union' | 'partition'

/**
 * A node of the user's pipeline as the API records it (Flink's Transformation).
 * `union` and `partition` are virtual: they shape edges but become no operator.
 */
export class Transformation {
  /** Explicit parallelism; undefined = parallelism.default. */
  parallelism: number | undefined
  uid: string | undefined
  chainingStrategy: ChainingStrategy = 'ALWAYS'
  /** Largest parallelism the operator supports (a non-parallel source says 1). */
  parallelismLimit: number | undefined
  /** Keyed operators: the key selector of each logical input (index 0 = input 1). */
  keySelectors: readonly ((value: any) => unknown)[] | undefined

  constructor(
    readonly id: number,
    public name: string,
    readonly kind: TransformationKind,
    readonly inputs: readonly TransformationInput[],
    readonly operatorFactory: OperatorFactory | undefined,
    /** For `partition` transformations: the partitioner it puts on its output edge. */
    readonly partitioner?: Partitioner,
  ) {}
}
