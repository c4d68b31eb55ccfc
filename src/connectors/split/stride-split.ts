import type { SourceSplit } from '../../api/source.js'

/**
 * A split of a source whose records are numbered 0, 1, 2, …: the numbers i with i % stride === residue, from
 * `nextIndex` on (the position: the next number to emit). A source of `count` records cut into `stride` such
 * splits reads, over all its readers, every number exactly once.
 */
export interface StrideSplit extends SourceSplit {
  readonly residue: number
  readonly stride: number
  readonly nextIndex: number
}

/**
 * The stride splits of `count` records: one per residue below min(stride, count), so that no split is empty
 * (a source of 3 records at parallelism 4 leaves the fourth subtask without a split).
 */
export function createStrideSplits(count: number, stride: number): StrideSplit[] {
  return Array.from({ length: Math.min(stride, count) }, (_, residue) => ({ splitId: String(residue), residue, stride, nextIndex: residue }))
}
