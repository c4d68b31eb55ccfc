import { booleanOption, durationOption, enumOption, integerOption, noDefault, nonEmpty, stringOption } from '../config-option.js'

/** `parallelism.default`: parallelism of every operator that does not set its own. */
export const DEFAULT_PARALLELISM = integerOption('parallelism.default', 1,
  'Parallelism of every operator that does not set its own.', { min: 1 })

/** `pipeline.max-parallelism`: number of key groups, the upper bound when rescaling keyed state. */
export const MAX_PARALLELISM = integerOption('pipeline.max-parallelism', 128,
  'Number of key groups, which bounds the parallelism a job with keyed state can later be rescaled to ' +
  '(Flink derives 128 for small parallelism; Sluice makes that the default).', { min: 1, max: 32_768 })

/** `pipeline.auto-watermark-interval`: how often periodic watermarks are emitted. */
export const AUTO_WATERMARK_INTERVAL = durationOption('pipeline.auto-watermark-interval', 200,
  'Interval at which sources emit periodic watermarks; 0 ms disables periodic watermarks.')

/** `pipeline.name`: the job name. */
export const PIPELINE_NAME = stringOption('pipeline.name', noDefault,
  'Name of the job, shown by the REST API, the dashboard and in metric scopes.')
  .withCheck(nonEmpty('a job name (leave the key unset for the name the job gives itself)'))

/** `pipeline.object-reuse`: accepted for Flink compatibility; Sluice never copies records between chained operators. */
export const OBJECT_REUSE = booleanOption('pipeline.object-reuse', false,
  'Accepted for Flink compatibility but without effect, because Sluice never copies records between chained ' +
  'operators (as if it were always true), so functions must not modify a record after emitting it.')

/** `execution.buffer-timeout.interval`: how long a partly filled network buffer may wait before it is flushed. */
export const BUFFER_TIMEOUT = durationOption('execution.buffer-timeout.interval', 100,
  'Longest time a partly filled network buffer waits before it is sent downstream; 0 ms flushes after every record.')
  .withDeprecatedKeys('execution.buffer-timeout')

/** The runtime modes Flink knows, of which Sluice runs only STREAMING. */
export const RUNTIME_MODES = ['STREAMING', 'BATCH', 'AUTOMATIC'] as const
/** A Flink runtime mode. */
export type RuntimeMode = typeof RUNTIME_MODES[number]

/** `execution.runtime-mode`: streaming or batch execution; Sluice supports STREAMING only. */
export const RUNTIME_MODE = enumOption('execution.runtime-mode', RUNTIME_MODES, 'STREAMING',
  'Execution mode of the job; Sluice runs every job as STREAMING and rejects BATCH and AUTOMATIC.')
  .withCheck((mode) => mode === 'STREAMING'
    ? undefined
    : `STREAMING, the only mode Sluice supports (it has no ${mode} execution); remove the key or set it to STREAMING`)
