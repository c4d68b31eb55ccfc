/** Flink's task-scope metric names (MetricNames.java), defined once. */
export const NUM_RECORDS_IN = 'numRecordsIn'
export const NUM_RECORDS_OUT = 'numRecordsOut'
export const NUM_BYTES_IN = 'numBytesIn'
export const NUM_BYTES_OUT = 'numBytesOut'
export const NUM_RECORDS_IN_RATE = 'numRecordsInPerSecond'
export const NUM_RECORDS_OUT_RATE = 'numRecordsOutPerSecond'
export const NUM_BYTES_IN_RATE = 'numBytesInPerSecond'
export const NUM_BYTES_OUT_RATE = 'numBytesOutPerSecond'
export const BUSY_TIME = 'busyTimeMsPerSecond'
export const IDLE_TIME = 'idleTimeMsPerSecond'
export const BACK_PRESSURED_TIME = 'backPressuredTimeMsPerSecond'
export const ACC_BUSY_TIME = 'accumulateBusyTimeMs'
export const ACC_IDLE_TIME = 'accumulateIdleTimeMs'
export const ACC_BACK_PRESSURED_TIME = 'accumulateBackPressuredTimeMs'
export const CURRENT_INPUT_WATERMARK = 'currentInputWatermark'
export const CURRENT_OUTPUT_WATERMARK = 'currentOutputWatermark'
export const IN_POOL_USAGE = 'inPoolUsage'
export const OUT_POOL_USAGE = 'outPoolUsage'

/** Task-scope network buffer metrics live under these groups (Flink's current and deprecated infix). */
export const SHUFFLE_NETTY_INPUT_BUFFERS_GROUP = ['Shuffle', 'Netty', 'Input', 'Buffers'] as const
export const SHUFFLE_NETTY_OUTPUT_BUFFERS_GROUP = ['Shuffle', 'Netty', 'Output', 'Buffers'] as const
export const DEPRECATED_BUFFERS_GROUP = ['buffers'] as const

/** Job-scope metrics on the JobManager (JobStatusMetrics, restart and checkpoint gauges). */
export const NUM_RESTARTS = 'numRestarts'
/** Deprecated alias of numRestarts that Flink ≤1.12 dashboards still query. */
export const FULL_RESTARTS = 'fullRestarts'
export const UPTIME = 'uptime'
export const DOWNTIME = 'downtime'
/** `<status>Time` gauges (metrics.job.status.enable = CURRENT_TIME), for each non-terminal status. */
export const STATUS_TIME_SUFFIX = 'Time'
export const TOTAL_NUMBER_OF_CHECKPOINTS = 'totalNumberOfCheckpoints'
export const NUMBER_OF_IN_PROGRESS_CHECKPOINTS = 'numberOfInProgressCheckpoints'
export const NUMBER_OF_COMPLETED_CHECKPOINTS = 'numberOfCompletedCheckpoints'
export const NUMBER_OF_FAILED_CHECKPOINTS = 'numberOfFailedCheckpoints'
export const LAST_CHECKPOINT_DURATION = 'lastCheckpointDuration'
export const LAST_CHECKPOINT_SIZE = 'lastCheckpointSize'
export const LAST_CHECKPOINT_FULL_SIZE = 'lastCheckpointFullSize'
export const LAST_CHECKPOINT_PROCESSED_DATA = 'lastCheckpointProcessedData'
export const LAST_CHECKPOINT_PERSISTED_DATA = 'lastCheckpointPersistedData'
export const LAST_CHECKPOINT_EXTERNAL_PATH = 'lastCheckpointExternalPath'
export const LAST_COMPLETED_CHECKPOINT_ID = 'lastCompletedCheckpointId'
export const LAST_CHECKPOINT_COMPLETED_TIMESTAMP = 'lastCheckpointCompletedTimestamp'
export const LAST_CHECKPOINT_RESTORE_TIMESTAMP = 'lastCheckpointRestoreTimestamp'

/** JobManager cluster metrics. */
export const NUM_REGISTERED_TASK_MANAGERS = 'numRegisteredTaskManagers'
export const NUM_RUNNING_JOBS = 'numRunningJobs'
export const TASK_SLOTS_AVAILABLE = 'taskSlotsAvailable'
export const TASK_SLOTS_TOTAL = 'taskSlotsTotal'

/** Process ("JVM") metrics, under the groups Status.JVM.* as in Flink's MetricUtils. */
export const STATUS_GROUP = 'Status'
export const JVM_GROUP = 'JVM'
export const MEMORY_GROUP = 'Memory'
export const HEAP_GROUP = 'Heap'
export const NON_HEAP_GROUP = 'NonHeap'
export const USED = 'Used'
export const COMMITTED = 'Committed'
export const MAX = 'Max'
export const CPU_GROUP = 'CPU'
export const CPU_LOAD = 'Load'
export const CPU_TIME = 'Time'
export const THREADS_GROUP = 'Threads'
export const THREADS_COUNT = 'Count'
export const GARBAGE_COLLECTOR_GROUP = 'GarbageCollector'
export const GC_COUNT = 'Count'
export const GC_TIME = 'Time'
/** Flink's sum over all collectors. */
export const GC_ALL = 'All'
/** Sluice addition: the event-loop delay of the coordinator thread (no JVM equivalent). */
export const EVENT_LOOP_GROUP = 'EventLoop'
export const EVENT_LOOP_DELAY = 'delayMs'

/** Flink's latency tracking groups (LatencyStats): `latency` in the TaskManager's job group, keyed by origin and operator. */
export const LATENCY = 'latency'
export const LATENCY_SOURCE_ID = 'source_id'
export const LATENCY_SOURCE_SUBTASK_INDEX = 'source_subtask_index'
export const LATENCY_OPERATOR_ID = 'operator_id'
export const LATENCY_OPERATOR_SUBTASK_INDEX = 'operator_subtask_index'
