import {
  booleanOption, durationOption, enumOption, floatOption, integerOption, memorySizeOption, noDefault, nonEmpty,
  stringOption,
} from '../config-option.js'

// Flink rejects checkpoint intervals and timeouts below 10 ms (CheckpointConfig.MINIMAL_CHECKPOINT_TIME)
const MINIMAL_CHECKPOINT_TIME_MS = 10

/** `execution.checkpointing.interval`: base interval between checkpoints; unset disables checkpointing. */
export const CHECKPOINTING_INTERVAL = durationOption('execution.checkpointing.interval', noDefault,
  'Interval at which checkpoints are triggered; checkpointing is disabled while it is unset.',
  { minMs: MINIMAL_CHECKPOINT_TIME_MS })

/** `execution.checkpointing.interval-during-backlog`: checkpoint interval while a source reports backlog. */
export const CHECKPOINTING_INTERVAL_DURING_BACKLOG = durationOption(
  'execution.checkpointing.interval-during-backlog', noDefault,
  'Checkpoint interval while any source reports a backlog; 0 ms disables checkpoints then, unset means the ' +
  'regular interval.')

/** The consistency guarantees a checkpoint can give. */
export const CHECKPOINTING_MODES = ['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const
/** A checkpoint consistency guarantee. */
export type CheckpointingMode = typeof CHECKPOINTING_MODES[number]

/** `execution.checkpointing.mode`: exactly-once (aligned barriers) or at-least-once. */
export const CHECKPOINTING_CONSISTENCY_MODE = enumOption('execution.checkpointing.mode', CHECKPOINTING_MODES,
  'EXACTLY_ONCE', 'Consistency guarantee of checkpoints: EXACTLY_ONCE aligns barriers, AT_LEAST_ONCE does not.')

/** `execution.checkpointing.timeout`: how long a checkpoint may take before it is discarded. */
export const CHECKPOINTING_TIMEOUT = durationOption('execution.checkpointing.timeout', 600_000,
  'Time after which a checkpoint that has not completed is discarded as expired.',
  { minMs: MINIMAL_CHECKPOINT_TIME_MS })

/** `execution.checkpointing.min-pause`: least time between the end of one checkpoint and the start of the next. */
export const MIN_PAUSE_BETWEEN_CHECKPOINTS = durationOption('execution.checkpointing.min-pause', 0,
  'Least time between the completion of one checkpoint and the trigger of the next.')

/** `execution.checkpointing.max-concurrent-checkpoints`: checkpoints that may be in progress at once. */
export const MAX_CONCURRENT_CHECKPOINTS = integerOption('execution.checkpointing.max-concurrent-checkpoints', 1,
  'Most checkpoints that may be in progress at the same time.', { min: 1 })

/** `execution.checkpointing.tolerable-failed-checkpoints`: consecutive checkpoint failures before the job fails. */
export const TOLERABLE_FAILURE_NUMBER = integerOption('execution.checkpointing.tolerable-failed-checkpoints', 0,
  'Consecutive checkpoint failures (timeouts, asynchronous-phase and storage errors) tolerated before the job fails.',
  { min: 0 })

/** `execution.checkpointing.unaligned.enabled`: whether barriers may overtake in-flight data. */
export const ENABLE_UNALIGNED = booleanOption('execution.checkpointing.unaligned.enabled', false,
  'Whether exactly-once checkpoints may be unaligned: barriers overtake in-flight data, which is stored with the ' +
  'checkpoint.')
  .withDeprecatedKeys('execution.checkpointing.unaligned')

/** `execution.checkpointing.aligned-checkpoint-timeout`: alignment time after which a checkpoint turns unaligned. */
export const ALIGNED_CHECKPOINT_TIMEOUT = durationOption('execution.checkpointing.aligned-checkpoint-timeout', 0,
  'Alignment time after which an aligned checkpoint switches to unaligned; 0 ms starts unaligned right away.')
  .withDeprecatedKeys('execution.checkpointing.alignment-timeout')

/** `execution.checkpointing.unaligned.forced`: unaligned checkpoints even where they are unsafe. */
export const FORCE_UNALIGNED = booleanOption('execution.checkpointing.unaligned.forced', false,
  'Whether to take unaligned checkpoints even for jobs with pointwise or broadcast connections.')

/** `execution.checkpointing.unaligned.interruptible-timers.enabled`: whether firing timers can be interrupted. */
export const ENABLE_UNALIGNED_INTERRUPTIBLE_TIMERS = booleanOption(
  'execution.checkpointing.unaligned.interruptible-timers.enabled', false,
  'Whether a barrier may interrupt a burst of firing timers during unaligned checkpoints.')

/** `execution.checkpointing.unaligned.max-subtasks-per-channel-state-file`: subtasks sharing a channel-state file. */
export const UNALIGNED_MAX_SUBTASKS_PER_CHANNEL_STATE_FILE = integerOption(
  'execution.checkpointing.unaligned.max-subtasks-per-channel-state-file', 5,
  'Most subtasks that write their in-flight data of an unaligned checkpoint into one shared file.', { min: 1 })

/** What happens to the last checkpoint when a job ends. */
export const EXTERNALIZED_CHECKPOINT_RETENTIONS =
  ['NO_EXTERNALIZED_CHECKPOINTS', 'DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION'] as const
/** A retention policy for checkpoints of an ended job. */
export type ExternalizedCheckpointRetention = typeof EXTERNALIZED_CHECKPOINT_RETENTIONS[number]

/** `execution.checkpointing.externalized-checkpoint-retention`: whether checkpoints outlive a cancelled job. */
export const EXTERNALIZED_CHECKPOINT_RETENTION = enumOption(
  'execution.checkpointing.externalized-checkpoint-retention', EXTERNALIZED_CHECKPOINT_RETENTIONS,
  'NO_EXTERNALIZED_CHECKPOINTS', 'Whether retained checkpoints are kept or deleted when the job is cancelled.')

/** `execution.checkpointing.snapshot-compression`: whether state snapshots are compressed. */
export const SNAPSHOT_COMPRESSION = booleanOption('execution.checkpointing.snapshot-compression', false,
  'Whether keyed state snapshots are compressed.')

/** `execution.checkpointing.incremental`: whether checkpoints store only what changed. */
export const INCREMENTAL_CHECKPOINTS = booleanOption('execution.checkpointing.incremental', false,
  'Whether checkpoints store only the state that changed since the previous one, where the backend supports it.')
  .withDeprecatedKeys('state.backend.incremental')

/** `execution.checkpointing.dir`: directory checkpoints are written to. */
export const CHECKPOINTS_DIRECTORY = stringOption('execution.checkpointing.dir', noDefault,
  'Directory (path or file:// URI) under which checkpoint data and metadata are written.')
  .withCheck(nonEmpty('a directory path or file:// URI (leave the key unset to keep checkpoints in a temporary ' +
    'directory for the life of the job)'))
  .withDeprecatedKeys('state.checkpoints.dir', 'state.backend.fs.checkpointdir')

/** `execution.checkpointing.savepoint-dir`: default directory for savepoints. */
export const SAVEPOINT_DIRECTORY = stringOption('execution.checkpointing.savepoint-dir', noDefault,
  'Default directory for savepoints when a savepoint request names none.')
  .withCheck(nonEmpty('a directory path or file:// URI (leave the key unset to name a directory with each savepoint)'))
  .withDeprecatedKeys('state.savepoints.dir', 'savepoints.state.backend.fs.dir')

/** The checkpoint storages Sluice implements. */
export const CHECKPOINT_STORAGES = ['jobmanager', 'filesystem'] as const
/** A checkpoint storage Sluice implements. */
export type CheckpointStorageType = typeof CHECKPOINT_STORAGES[number]

/** `execution.checkpointing.storage`: where checkpoint state goes. */
export const CHECKPOINT_STORAGE = enumOption('execution.checkpointing.storage', CHECKPOINT_STORAGES, noDefault,
  "Where checkpoints are stored: 'jobmanager' in coordinator memory, 'filesystem' under execution.checkpointing.dir " +
  '(the default when that is set).')
  .withDeprecatedKeys('state.checkpoint-storage')

/** `execution.checkpointing.num-retained`: completed checkpoints kept. */
export const MAX_RETAINED_CHECKPOINTS = integerOption('execution.checkpointing.num-retained', 1,
  'Number of completed checkpoints kept; older ones are deleted.', { min: 1 })
  .withDeprecatedKeys('state.checkpoints.num-retained')

/** `execution.checkpointing.create-subdir`: whether checkpoints go under a per-job subdirectory. */
export const CREATE_CHECKPOINT_SUB_DIR = booleanOption('execution.checkpointing.create-subdir', true,
  'Whether checkpoints are written under a subdirectory named after the job id.')
  .withDeprecatedKeys('state.checkpoints.create-subdir')

/** `execution.checkpointing.data-inline-threshold`: state size below which it is inlined into the metadata. */
export const FS_SMALL_FILE_THRESHOLD = memorySizeOption('execution.checkpointing.data-inline-threshold', 20 * 1024,
  'State chunks smaller than this are stored inline in the checkpoint metadata instead of in files of their own.',
  { maxBytes: 1024 * 1024 })
  .withDeprecatedKeys('state.storage.fs.memory-threshold', 'state.backend.fs.memory-threshold')

/** `execution.checkpointing.write-buffer-size`: write buffer of checkpoint output streams, in bytes. */
export const FS_WRITE_BUFFER_SIZE = integerOption('execution.checkpointing.write-buffer-size', 4096,
  'Size in bytes of the write buffer of checkpoint file streams.', { min: 1 })
  .withDeprecatedKeys('state.storage.fs.write-buffer-size', 'state.backend.fs.write-buffer-size')

/** `execution.checkpointing.cleaner.parallel-mode`: whether discarded checkpoints are deleted in parallel. */
export const CLEANER_PARALLEL_MODE = booleanOption('execution.checkpointing.cleaner.parallel-mode', true,
  'Whether the files of discarded checkpoints are deleted in parallel.')
  .withDeprecatedKeys('state.checkpoint.cleaner.parallel-mode')

/** `execution.checkpointing.checkpoints-after-tasks-finish`: whether checkpoints continue after some tasks finish. */
export const ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH = booleanOption(
  'execution.checkpointing.checkpoints-after-tasks-finish', true,
  'Whether checkpoints are still taken after some tasks have finished; Sluice always takes them, because a ' +
  'bounded job commits its last output with the final checkpoint (FLIP-147), so only true is accepted.')
  .withDeprecatedKeys('execution.checkpointing.checkpoints-after-tasks-finish.enabled')
  .withCheck((isEnabled) => isEnabled
    ? undefined
    : 'true: without checkpoints after tasks finish, a two-phase sink could only commit its last output outside any ' +
      'checkpoint and repeat it after a restore, so Sluice does not offer false')

/** `execution.checkpointing.local-backup.enabled`: whether workers keep a local copy of their state. */
export const LOCAL_BACKUP_ENABLED = booleanOption('execution.checkpointing.local-backup.enabled', false,
  'Whether each worker also keeps a local copy of its checkpointed state for faster recovery.')
  .withDeprecatedKeys('state.backend.local-recovery')

/** `execution.checkpointing.local-backup.dirs`: where local state copies live. */
export const LOCAL_BACKUP_DIRS = stringOption('execution.checkpointing.local-backup.dirs', noDefault,
  'Comma-separated root directories for local state copies; unset means the localState folder of the working ' +
  'directory.')
  .withCheck(nonEmpty('comma-separated directories (leave the key unset for the localState folder of the working ' +
    'directory)'))
  .withDeprecatedKeys('taskmanager.state.local.root-dirs')

/** `execution.checkpointing.file-merging.enabled`: whether small checkpoint files are merged (experimental). */
export const FILE_MERGING_ENABLED = booleanOption('execution.checkpointing.file-merging.enabled', false,
  'Whether small checkpoint files are merged into shared files (experimental).')

/** `execution.checkpointing.file-merging.across-checkpoint-boundary`: whether merged files span checkpoints. */
export const FILE_MERGING_ACROSS_BOUNDARY = booleanOption(
  'execution.checkpointing.file-merging.across-checkpoint-boundary', false,
  'Whether one merged file may hold data of several checkpoints (experimental).')

/** `execution.checkpointing.file-merging.max-file-size`: size limit of a merged file. */
export const FILE_MERGING_MAX_FILE_SIZE = memorySizeOption('execution.checkpointing.file-merging.max-file-size',
  32 * 1024 * 1024, 'Largest size of one merged checkpoint file (experimental).')

/** `execution.checkpointing.file-merging.pool-blocking`: whether writers wait for a free merged file. */
export const FILE_MERGING_POOL_BLOCKING = booleanOption('execution.checkpointing.file-merging.pool-blocking', false,
  'Whether a writer waits for a merged file to become free instead of opening a new one (experimental).')

/** `execution.checkpointing.file-merging.max-space-amplification`: wasted space tolerated before compaction. */
export const FILE_MERGING_MAX_SPACE_AMPLIFICATION = floatOption(
  'execution.checkpointing.file-merging.max-space-amplification', 2,
  'Ratio of stored to live bytes in merged files above which they are compacted (experimental).', { min: 1 })

/** `execution.checkpointing.file-merging.max-subtasks-per-file`: subtasks sharing one merged file. */
export const FILE_MERGING_MAX_SUBTASKS_PER_FILE = integerOption(
  'execution.checkpointing.file-merging.max-subtasks-per-file', 4,
  'Most subtasks that write into one merged checkpoint file (experimental).', { min: 1 })

/** `execution.checkpointing.during-recovery.enabled`: whether checkpoints may be taken while recovering. */
export const CHECKPOINTING_DURING_RECOVERY = booleanOption('execution.checkpointing.during-recovery.enabled', false,
  'Whether checkpoints may be triggered while tasks are still recovering state (Flink 2.4).')
