import type { RuntimeContext } from '../../api/functions.js'
import type { MetricGroup } from '../../api/metrics.js'
import { KeyedStateUnavailableError } from '../../errors.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type {
  AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor, ValueStateDescriptor,
} from '../../state/state-descriptor.js'
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../../state/keyed-state.js'

/** The RuntimeContext of one operator subtask. */
export class OperatorRuntimeContext implements RuntimeContext {
  constructor(
    readonly operatorName: string,
    readonly subtaskIndex: number,
    readonly parallelism: number,
    readonly maxParallelism: number,
    readonly attemptNumber: number,
    private readonly backend: KeyedStateBackend | undefined,
    private readonly metricGroup: MetricGroup,
  ) {}

  getMetricGroup(): MetricGroup {
    return this.metricGroup
  }

  #keyed(what: string): KeyedStateBackend {
    if (this.backend === undefined) throw new KeyedStateUnavailableError(this.operatorName, what)
    return this.backend
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.#keyed(`value state '${descriptor.name}'`).getValueState(descriptor)
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.#keyed(`list state '${descriptor.name}'`).getListState(descriptor)
  }
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV> {
    return this.#keyed(`map state '${descriptor.name}'`).getMapState(descriptor)
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.#keyed(`reducing state '${descriptor.name}'`).getReducingState(descriptor)
  }
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.#keyed(`aggregating state '${descriptor.name}'`).getAggregatingState(descriptor)
  }
}
