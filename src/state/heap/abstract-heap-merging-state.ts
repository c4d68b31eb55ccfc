import type { Namespace } from '../key.js'
import type { InternalMergingState } from '../keyed-state-backend.js'
import type { StateTable } from './state-table.js'

/**
 * Base of heap states whose namespaces can merge (session windows): merges the stored values of
 * the current key with mergeState, as Flink's AbstractHeapMergingState does.
 */
export abstract class AbstractHeapMergingState<SV> implements InternalMergingState {
  protected readonly table: StateTable<SV>

  constructor(table: StateTable<SV>) {
    this.table = table
  }

  setCurrentNamespace(namespace: Namespace): void {
    this.table.setCurrentNamespace(namespace)
  }

  clear(): void {
    this.table.remove()
  }

  mergeNamespaces(target: Namespace, sources: readonly Namespace[]): void {
    if (sources.length === 0) return
    this.checkMergeable()
    // sources are removed before the target is read, so a target listed among the sources is not counted twice
    let merged: SV | undefined
    for (const source of sources) {
      const value = this.table.removeIn(source)
      if (value === undefined) continue
      merged = merged === undefined ? value : this.mergeState(merged, value)
    }
    if (merged === undefined) return
    const existing = this.table.getIn(target)
    this.table.putIn(target, existing === undefined ? merged : this.mergeState(existing, merged))
  }

  /** Raises when this state cannot merge; called before anything is removed. */
  protected checkMergeable(): void {}

  /** Combines two stored values; may reuse `a`. */
  protected abstract mergeState(a: SV, b: SV): SV
}
