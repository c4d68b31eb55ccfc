// Field names and JSON types of Flink's monitoring REST responses, written from Flink's published REST spec
// (flink-runtime-web/src/test/resources/rest_api_v1.snapshot, docs/static/generated/rest_v1_dispatcher.yml) and the
// quirks its custom serializers add (bare metric arrays, `className`, lower-case overview task keys, both
// backpressure level spellings). Shapes follow Flink 2.0; fields that only newer versions add are left out.
import { anyOf, array, map, nullable, object, oneOf, type Schema } from './flink-rest-schema.js'

const JOB_STATUS = oneOf('INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING')
const EXECUTION_STATE = oneOf('CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED', 'RECONCILING', 'INITIALIZING')
const EXECUTION_STATE_NAMES = ['CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED', 'RECONCILING', 'INITIALIZING']
const BACKPRESSURE_LEVEL = oneOf('ok', 'low', 'high')

/** A map keyed by every ExecutionState (UPPERCASE), integer values. */
const STATE_COUNTS = object(Object.fromEntries(EXECUTION_STATE_NAMES.map((s) => [s, 'integer' as const])))

/** IOMetricsInfo. */
export const IO_METRICS: Schema = object({
  'read-bytes': 'integer', 'read-bytes-complete': 'boolean', 'write-bytes': 'integer', 'write-bytes-complete': 'boolean',
  'read-records': 'integer', 'read-records-complete': 'boolean', 'write-records': 'integer', 'write-records-complete': 'boolean',
  'accumulated-backpressured-time': 'integer', 'accumulated-idle-time': 'integer', 'accumulated-busy-time': 'double',
})

/** The JSON plan (JsonPlanGenerator). */
export const PLAN: Schema = object({
  jid: 'string', name: 'string', type: oneOf('STREAMING', 'BATCH'),
  nodes: array(object({
    id: 'string', parallelism: 'integer', operator: 'string', operator_strategy: 'string', description: 'string',
    inputs: array(object({
      num: 'integer', id: 'string', ship_strategy: 'string', exchange: 'string', local_strategy: 'string', caching: 'string',
    }, ['local_strategy', 'caching'])),
    optimizer_properties: map('any'),
  }, ['inputs'])),
})

/** StatsSummaryDto. */
const STATS_SUMMARY = object({ min: 'integer', max: 'integer', avg: 'integer', p50: 'double', p90: 'double', p95: 'double', p99: 'double', p999: 'double' })

const TASK_CHECKPOINT_STATISTICS_FIELDS = {
  id: 'integer', status: oneOf('IN_PROGRESS', 'COMPLETED', 'FAILED'), latest_ack_timestamp: 'integer', checkpointed_size: 'integer',
  state_size: 'integer', end_to_end_duration: 'integer', alignment_buffered: 'integer', processed_data: 'integer',
  persisted_data: 'integer', num_subtasks: 'integer', num_acknowledged_subtasks: 'integer',
} as const satisfies Record<string, Schema>

const CHECKPOINT_STATISTICS_FIELDS = {
  className: oneOf('completed', 'failed', 'in_progress'),
  id: 'integer', status: oneOf('IN_PROGRESS', 'COMPLETED', 'FAILED'), is_savepoint: 'boolean',
  savepointFormat: nullable(oneOf('CANONICAL', 'NATIVE')), trigger_timestamp: 'integer', latest_ack_timestamp: 'integer',
  checkpointed_size: 'integer', state_size: 'integer', end_to_end_duration: 'integer', alignment_buffered: 'integer',
  processed_data: 'integer', persisted_data: 'integer', num_subtasks: 'integer', num_acknowledged_subtasks: 'integer',
  checkpoint_type: oneOf('CHECKPOINT', 'UNALIGNED_CHECKPOINT', 'SAVEPOINT', 'SYNC_SAVEPOINT'),
  tasks: map(object(TASK_CHECKPOINT_STATISTICS_FIELDS)),
} as const satisfies Record<string, Schema>

/** CheckpointStatistics in its three kinds (className completed / failed / in_progress). */
export const CHECKPOINT_STATISTICS: Schema = anyOf(
  object({ ...CHECKPOINT_STATISTICS_FIELDS, className: oneOf('completed'), external_path: nullable('string'), discarded: 'boolean' }),
  object({ ...CHECKPOINT_STATISTICS_FIELDS, className: oneOf('failed'), failure_timestamp: 'integer', failure_message: nullable('string') }),
  object({ ...CHECKPOINT_STATISTICS_FIELDS, className: oneOf('in_progress') }),
)

/** Every endpoint Sluice serves, by Flink's path template. */
export const FLINK_REST_SCHEMAS = {
  '/config': object({
    'refresh-interval': 'integer', 'timezone-name': 'string', 'timezone-offset': 'integer', 'flink-version': 'string', 'flink-revision': 'string',
    features: object({ 'web-submit': 'boolean', 'web-cancel': 'boolean', 'web-rescale': 'boolean', 'web-history': 'boolean' }),
  }),
  '/overview': object({
    taskmanagers: 'integer', 'slots-total': 'integer', 'slots-available': 'integer', 'jobs-running': 'integer', 'jobs-finished': 'integer',
    'jobs-cancelled': 'integer', 'jobs-failed': 'integer', 'flink-version': 'string', 'flink-commit': 'string',
    'taskmanagers-blocked': 'integer', 'slots-free-and-blocked': 'integer',
  }, ['taskmanagers-blocked', 'slots-free-and-blocked']),
  '/jobs': object({ jobs: array(object({ id: 'string', status: JOB_STATUS })) }),
  '/jobs/overview': object({
    jobs: array(object({
      jid: 'string', name: 'string', state: JOB_STATUS, 'start-time': 'integer', 'end-time': 'integer', duration: 'integer',
      'last-modification': 'integer',
      tasks: object({ total: 'integer', ...Object.fromEntries(EXECUTION_STATE_NAMES.map((s) => [s.toLowerCase(), 'integer' as const])) }),
    })),
  }),
  '/jobs/:jobid': object({
    jid: 'string', name: 'string', isStoppable: 'boolean', state: JOB_STATUS, 'job-type': oneOf('STREAMING', 'BATCH'),
    'start-time': 'integer', 'end-time': 'integer', duration: 'integer', maxParallelism: 'integer', now: 'integer',
    timestamps: object(Object.fromEntries(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING'].map((s) => [s, 'integer' as const]))),
    vertices: array(object({
      id: 'string', slotSharingGroupId: 'string', name: 'string', maxParallelism: 'integer', parallelism: 'integer', status: EXECUTION_STATE,
      'start-time': 'integer', 'end-time': 'integer', duration: 'integer', tasks: STATE_COUNTS, metrics: IO_METRICS,
    })),
    'status-counts': STATE_COUNTS,
    plan: PLAN,
  }),
  '/jobs/:jobid/plan': object({ plan: PLAN }),
  '/jobs/:jobid/config': object({
    jid: 'string', name: 'string',
    'execution-config': object({ 'restart-strategy': 'string', 'job-parallelism': 'integer', 'object-reuse-mode': 'boolean', 'user-config': map('string') }),
  }),
  '/jobs/:jobid/exceptions': object({
    exceptionHistory: object({
      entries: array(object({
        exceptionName: 'string', stacktrace: 'string', timestamp: 'integer', taskName: nullable('string'), endpoint: nullable('string'),
        taskManagerId: nullable('string'), failureLabels: map('string'), concurrentExceptions: array('any'),
      })),
      truncated: 'boolean',
    }),
  }),
  '/jobs/:jobid/checkpoints': object({
    counts: object({ restored: 'integer', total: 'integer', in_progress: 'integer', completed: 'integer', failed: 'integer' }),
    summary: object({
      checkpointed_size: STATS_SUMMARY, state_size: STATS_SUMMARY, end_to_end_duration: STATS_SUMMARY,
      alignment_buffered: STATS_SUMMARY, processed_data: STATS_SUMMARY, persisted_data: STATS_SUMMARY,
    }),
    latest: object({
      completed: nullable(CHECKPOINT_STATISTICS), savepoint: nullable(CHECKPOINT_STATISTICS), failed: nullable(CHECKPOINT_STATISTICS),
      restored: nullable(object({ id: 'integer', restore_timestamp: 'integer', is_savepoint: 'boolean', external_path: nullable('string') })),
    }),
    history: array(CHECKPOINT_STATISTICS),
  }),
  '/jobs/:jobid/checkpoints/config': object({
    mode: oneOf('exactly_once', 'at_least_once'), interval: 'integer', timeout: 'integer', min_pause: 'integer', max_concurrent: 'integer',
    externalization: object({ enabled: 'boolean', delete_on_cancellation: 'boolean' }),
    state_backend: 'string', checkpoint_storage: 'string', unaligned_checkpoints: 'boolean', tolerable_failed_checkpoints: 'integer',
    aligned_checkpoint_timeout: 'integer', checkpoints_after_tasks_finish: 'boolean', state_changelog_enabled: 'boolean',
    changelog_storage: nullable('string'), changelog_periodic_materialization_interval: 'integer',
  }),
  '/jobs/:jobid/checkpoints/details/:checkpointid': CHECKPOINT_STATISTICS,
  '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid': object({
    ...TASK_CHECKPOINT_STATISTICS_FIELDS,
    summary: object({
      checkpointed_size: STATS_SUMMARY, state_size: STATS_SUMMARY, end_to_end_duration: STATS_SUMMARY,
      checkpoint_duration: object({ sync: STATS_SUMMARY, async: STATS_SUMMARY }),
      alignment: object({ buffered: STATS_SUMMARY, processed: STATS_SUMMARY, persisted: STATS_SUMMARY, duration: STATS_SUMMARY }),
      start_delay: STATS_SUMMARY,
    }),
    subtasks: array(anyOf(
      object({
        className: oneOf('completed'), index: 'integer', status: oneOf('completed'), ack_timestamp: 'integer', end_to_end_duration: 'integer',
        checkpointed_size: 'integer', state_size: 'integer', checkpoint: object({ sync: 'integer', async: 'integer' }),
        alignment: object({ buffered: 'integer', processed: 'integer', persisted: 'integer', duration: 'integer' }),
        start_delay: 'integer', unaligned_checkpoint: 'boolean', aborted: 'boolean',
      }),
      object({ className: oneOf('pending'), index: 'integer', status: oneOf('pending_or_failed') }),
    )),
  }),
  '/jobs/:jobid/vertices/:vertexid': object({
    id: 'string', name: 'string', parallelism: 'integer', maxParallelism: 'integer', now: 'integer',
    subtasks: array(object({
      subtask: 'integer', status: EXECUTION_STATE, attempt: 'integer', endpoint: 'string', 'start-time': 'integer', start_time: 'integer',
      'end-time': 'integer', duration: 'integer', metrics: IO_METRICS, 'taskmanager-id': 'string', 'status-duration': STATE_COUNTS,
      'other-concurrent-attempts': array('any'),
    }, ['other-concurrent-attempts'])),
    aggregated: object({
      metrics: map(object({ min: 'integer', max: 'integer', avg: 'integer', sum: 'integer', median: 'integer', p25: 'integer', p75: 'integer', p95: 'integer' })),
      'status-duration': map(object({ min: 'integer', max: 'integer', avg: 'integer', sum: 'integer', median: 'integer', p25: 'integer', p75: 'integer', p95: 'integer' })),
    }),
  }),
  '/jobs/:jobid/vertices/:vertexid/backpressure': anyOf(
    object({
      status: oneOf('ok'), backpressureLevel: BACKPRESSURE_LEVEL, 'backpressure-level': BACKPRESSURE_LEVEL, 'end-timestamp': 'integer',
      subtasks: array(object({
        subtask: 'integer', 'attempt-number': 'integer', backpressureLevel: BACKPRESSURE_LEVEL, 'backpressure-level': BACKPRESSURE_LEVEL,
        ratio: 'number', idleRatio: 'number', busyRatio: 'number', 'other-concurrent-attempts': array('any'),
      }, ['attempt-number', 'other-concurrent-attempts'])),
    }),
    object({ status: oneOf('deprecated') }),
  ),
  /** Bare arrays: names only without `get`, string values with it. */
  '/jobs/:jobid/vertices/:vertexid/watermarks': array(object({ id: 'string', value: 'string' })),
  'metric names': array(object({ id: 'string' })),
  'metric values': array(object({ id: 'string', value: 'string' })),
  'aggregated metric values': array(object({ id: 'string', min: 'number', max: 'number', avg: 'number', sum: 'number', skew: 'number' }, ['min', 'max', 'avg', 'sum', 'skew'])),
  '/taskmanagers': object({
    taskmanagers: array(object({
      id: 'string', path: 'string', dataPort: 'integer', jmxPort: 'integer', timeSinceLastHeartbeat: 'integer', slotsNumber: 'integer',
      freeSlots: 'integer',
      totalResource: object({ cpuCores: 'number', taskHeapMemory: 'integer', taskOffHeapMemory: 'integer', managedMemory: 'integer', networkMemory: 'integer', extendedResources: map('any') }),
      freeResource: object({ cpuCores: 'number', taskHeapMemory: 'integer', taskOffHeapMemory: 'integer', managedMemory: 'integer', networkMemory: 'integer', extendedResources: map('any') }),
      hardware: object({ cpuCores: 'integer', physicalMemory: 'integer', freeMemory: 'integer', managedMemory: 'integer' }),
      memoryConfiguration: map('integer'),
      blocked: 'boolean',
    })),
  }),
  '/jobs/:jobid/savepoints (trigger)': object({ 'request-id': 'string' }),
  '/jobs/:jobid/savepoints/:triggerid': anyOf(
    object({ status: object({ id: oneOf('IN_PROGRESS') }), operation: nullable('any') }, ['operation']),
    object({ status: object({ id: oneOf('COMPLETED') }), operation: object({ location: 'string' }) }),
    object({ status: object({ id: oneOf('COMPLETED') }), operation: object({ 'failure-cause': object({ class: 'string', 'stack-trace': 'string', 'serialized-throwable': 'string' }) }) }),
  ),
  'error': object({ errors: array('string') }),
} as const satisfies Record<string, Schema>
