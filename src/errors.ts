/**
 * Every error Sluice raises is a SluiceError with a stable code and a domain.
 * The domain steers handling: `user` errors are the user's to fix (bad config, bad job),
 * `external` errors come from the outside world (files, servers), `internal` ones are Sluice bugs.
 * Codes are documented in docs/errors.md; a contract test keeps the two in sync.
 */
export type ErrorDomain = 'user' | 'external' | 'internal'

/** Base class of all errors thrown by Sluice. */
export abstract class SluiceError extends Error {
  abstract readonly code: string
  abstract readonly domain: ErrorDomain
  /**
   * Whether a restart may get past it. False for a failure that every attempt would meet the same way (state that a
   * restore cannot use, a job whose graph no longer matches): the job then fails at once, whatever the restart
   * strategy allows (Flink's SuppressRestartsException). User-code exceptions stay recoverable, as in Flink.
   */
  readonly isRecoverable: boolean = true

  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
  /** One line for a human: what went wrong, where, and how to fix it. */
  get oneLine(): string {
    return `${this.code}: ${this.message}`
  }
}

/** Raised for an unknown configuration key (`-D`, config.yaml). */
export class UnknownConfigKeyError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_UNKNOWN_KEY'
  readonly domain = 'user'
  constructor(readonly key: string, readonly origin: string, readonly suggestion?: string) {
    super(`unknown configuration key '${key}' (from ${origin})` +
      (suggestion !== undefined ? `; did you mean '${suggestion}'?` : '; see docs/config.md for the supported keys'))
  }
}

/** Raised for a configuration value that does not parse as its key's type or is out of range. */
export class InvalidConfigValueError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_INVALID_VALUE'
  readonly domain = 'user'
  constructor(readonly key: string, readonly value: string, readonly expected: string, readonly origin: string) {
    super(`invalid value '${value}' for configuration key '${key}' (from ${origin}): expected ${expected}`)
  }
}

/** A user function (map, filter, process, ...) threw; carries the operator and the user's stack. */
export class UserFunctionError extends SluiceError {
  readonly code = 'SLUICE_JOB_USER_FUNCTION_FAILED'
  readonly domain = 'user'
  constructor(readonly operatorName: string, override readonly cause: unknown) {
    super(`operator '${operatorName}' threw: ${describeThrown(cause)}`)
  }
}

/** Wraps a value thrown by user code, keeping an annotation made further down the chain. */
export function userFunctionFailed(operatorName: string, thrown: unknown): SluiceError {
  return thrown instanceof SluiceError ? thrown : new UserFunctionError(operatorName, thrown)
}

/** Keyed state or timers were used outside a KeyedStream. */
export class KeyedStateUnavailableError extends SluiceError {
  readonly code = 'SLUICE_STATE_NOT_KEYED'
  readonly domain = 'user'
  constructor(readonly operatorName: string, what: string) {
    super(`operator '${operatorName}' used ${what}, which exists only on a KeyedStream; call keyBy(...) before this operator`)
  }
}

/** The message of anything thrown, without its stack. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name === 'Error' ? '' : thrown.name + ': '}${thrown.message}`
  return String(thrown)
}

/** The pipeline a job built cannot run (no sink, dangling output, impossible parallelism, ...). */
export class InvalidJobGraphError extends SluiceError {
  readonly code = 'SLUICE_JOB_INVALID_GRAPH'
  readonly domain = 'user'
  constructor(detail: string) {
    super(`invalid job: ${detail}`)
  }
}

/** Two operators declare the same uid(); state could not be told apart. */
export class DuplicateUidError extends SluiceError {
  readonly code = 'SLUICE_JOB_DUPLICATE_UID'
  readonly domain = 'user'
  constructor(readonly uid: string) {
    super(`uid '${uid}' is used by more than one operator; every uid(...) must be unique in a job`)
  }
}

/** Raised for a configuration file that cannot be read or is not valid YAML / `key: value` lines. */
export class InvalidConfigFileError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_INVALID_FILE'
  readonly domain = 'user'
  constructor(readonly file: string, readonly line: number | undefined, readonly reason: string) {
    super(`invalid configuration file ${line !== undefined ? `${file}:${line}` : file}: ${reason}`)
  }
}

/** Raised for a `-D` command-line argument that is not of the form `-D<key>=<value>`. */
export class MalformedDynamicPropertyError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_MALFORMED_PROPERTY'
  readonly domain = 'user'
  constructor(readonly argument: string, readonly reason: string) {
    super(`malformed dynamic property '${argument}': ${reason}; ` +
      'write -D<key>=<value> or -D <key>=<value>, e.g. -Dparallelism.default=4')
  }
}

/** Raised when the built-in configuration registry is inconsistent (a key defined twice); a Sluice bug. */
export class InvalidConfigRegistryError extends SluiceError {
  readonly code = 'SLUICE_CONFIG_INVALID_REGISTRY'
  readonly domain = 'internal'
  constructor(readonly key: string, readonly reason: string) {
    super(`configuration registry is inconsistent at key '${key}': ${reason}`)
  }
}

/** A network buffer held bytes that are not a valid element: a Sluice bug. */
export class CorruptNetworkBufferError extends SluiceError {
  readonly code = 'SLUICE_NETWORK_CORRUPT_BUFFER'
  readonly domain = 'internal'
  constructor(readonly channelId: number, readonly position: number, readonly tag: number) {
    super(`network buffer of channel ${channelId} has unknown element tag ${tag} at byte ${position}; please report this bug`)
  }
}

/** The job file cannot be used: missing, failing to load, or without a default export function. */
export class InvalidJobFileError extends SluiceError {
  readonly code = 'SLUICE_JOB_INVALID_FILE'
  readonly domain = 'user'
  constructor(readonly path: string, detail: string) {
    super(`cannot run job '${path}': ${detail}`)
  }
}

/** A state name was asked for with a different kind than the state already registered under it. */
export class StateDescriptorMismatchError extends SluiceError {
  readonly code = 'SLUICE_STATE_DESCRIPTOR_MISMATCH'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly stateName: string, readonly existingKind: string, readonly requestedKind: string) {
    super(`operator '${operatorName}' asked for state '${stateName}' as ${requestedKind} state, ` +
      `but it already exists as ${existingKind} state; give each state of an operator its own name`)
  }
}

/** Keyed state or a timer was used while no key was current (e.g. in open(), before any element). */
export class NoCurrentKeyError extends SluiceError {
  readonly code = 'SLUICE_STATE_NO_CURRENT_KEY'
  readonly domain = 'user'
  constructor(readonly operatorName: string, what: string) {
    super(`operator '${operatorName}' used ${what} while no key was current; keyed state and timers ` +
      'can only be used while processing an element or a timer of a KeyedStream, not in open() or close()')
  }
}

/** A key selector produced a key that keyed state cannot hash by value (undefined, null, an object). */
export class InvalidKeyError extends SluiceError {
  readonly code = 'SLUICE_STATE_INVALID_KEY'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly keyType: string) {
    super(`operator '${operatorName}' got a key of type ${keyType}; keys must be a string, number, bigint or boolean ` +
      // eslint-disable-next-line no-template-curly-in-string -- the message shows the user a template literal to write
      '(build a string for composite keys, e.g. `${a}|${b}`)')
  }
}

/** Session windows tried to merge an aggregating state whose AggregateFunction has no merge(). */
export class StateMergeUnsupportedError extends SluiceError {
  readonly code = 'SLUICE_STATE_MERGE_UNSUPPORTED'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly stateName: string) {
    super(`operator '${operatorName}' must merge aggregating state '${stateName}' (session windows), ` +
      'but its AggregateFunction has no merge(a, b); implement merge to use it with merging windows')
  }
}

/** A timer was registered at a timestamp that is not a number (NaN: e.g. the timestamp of a record that has none). */
export class InvalidTimerTimestampError extends SluiceError {
  readonly code = 'SLUICE_STATE_INVALID_TIMER_TIMESTAMP'
  readonly domain = 'user'
  constructor(readonly timerServiceName: string, readonly timestampMs: number) {
    super(`timer service '${timerServiceName}' was asked to register a timer at ${timestampMs}; ` +
      'timer timestamps must be numbers (records without a timestamp need a WatermarkStrategy)')
  }
}

/** A timer service name was asked for again with another Triggerable; the runtime wired an operator twice. */
export class TimerServiceConflictError extends SluiceError {
  readonly code = 'SLUICE_STATE_TIMER_SERVICE_CONFLICT'
  readonly domain = 'internal'
  constructor(readonly timerServiceName: string) {
    super(`timer service '${timerServiceName}' already exists with another Triggerable; each timer service has one callback target`)
  }
}

/** A worker rebuilt a different pipeline than the coordinator: the job's main is not deterministic. */
export class JobGraphMismatchError extends SluiceError {
  readonly code = 'SLUICE_JOB_NONDETERMINISTIC_GRAPH'
  readonly domain = 'user'
  override readonly isRecoverable = false
  constructor() {
    super('the job built a different pipeline in a worker than in the coordinator; the job main runs in every worker and must build the same pipeline each time (no random or time-dependent structure)')
  }
}

/** A window assigner or windowed operator got a parameter out of range (a size of 0, an offset past the size, ...). */
export class InvalidWindowParameterError extends SluiceError {
  readonly code = 'SLUICE_JOB_INVALID_WINDOW_PARAMETER'
  readonly domain = 'user'
  constructor(readonly call: string, readonly parameter: string, readonly value: number, requirement: string) {
    super(`${call}: ${parameter} = ${value}, but ${requirement}`)
  }
}

/** An event-time window assigner got a record without a timestamp (no WatermarkStrategy upstream). */
export class MissingRecordTimestampError extends SluiceError {
  readonly code = 'SLUICE_JOB_MISSING_TIMESTAMP'
  readonly domain = 'user'
  constructor(readonly assigner: string) {
    super(`${assigner} assigns windows by event time, but a record has no timestamp; ` +
      'give the source a WatermarkStrategy with timestamps (fromSource(source, WatermarkStrategy...)), or use a processing-time window assigner')
  }
}

/** A record holds a value that cannot cross between subtasks (function, symbol, Map, class instance, cycle, ...). */
export class UnserializableRecordError extends SluiceError {
  readonly code = 'SLUICE_SERIALIZATION_UNSUPPORTED_VALUE'
  readonly domain = 'user'
  constructor(readonly path: string, readonly typeName: string, readonly fix: string) {
    super(`cannot send ${path} to the next subtask: it is ${typeName}; ${fix}`)
  }
}

/** A network buffer holds a record encoding the value decoder cannot read: a Sluice bug. */
export class CorruptValueEncodingError extends SluiceError {
  readonly code = 'SLUICE_NETWORK_CORRUPT_VALUE'
  readonly domain = 'internal'
  constructor(readonly position: number, detail: string) {
    super(`network buffer holds a corrupt record value at byte ${position}: ${detail}; please report this bug`)
  }
}

/** A connector (source or sink) was built with an argument out of its range. */
export class InvalidConnectorArgumentError extends SluiceError {
  readonly code = 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT'
  readonly domain = 'user'
  constructor(connector: string, problem: string) {
    super(`${connector}: ${problem}`)
  }
}

/** A file connector could not open, read or write its file (missing, no permission, disk full, ...). */
export class ConnectorFileError extends SluiceError {
  readonly code = 'SLUICE_CONNECTOR_FILE_IO'
  readonly domain = 'external'
  constructor(readonly connector: string, readonly path: string, readonly operation: 'open' | 'read' | 'write' | 'close',
    override readonly cause: unknown) {
    super(`${connector} cannot ${operation} '${path}': ${describeThrown(cause)}`)
  }
}

/** A restore found a part file at another length than the restored checkpoint or savepoint recorded. */
export class PartFileMismatchError extends SluiceError {
  readonly code = 'SLUICE_CONNECTOR_PART_FILE_MISMATCH'
  readonly domain = 'user'
  // every restart restores the same checkpoint and meets the same files
  override readonly isRecoverable = false
  constructor(readonly connector: string, readonly path: string, readonly recordedBytes: number, readonly foundBytes: number) {
    super(`${connector} cannot restore '${path}': the snapshot recorded ${recordedBytes} bytes of it, the file holds ${foundBytes}; ` +
      'the checkpoint or savepoint is older than output committed since (resume from the latest one), or the file was changed outside the job')
  }
}

/** What is wrong with a checkpoint file that failed verification. */
export type CheckpointCorruption =
  | 'missing' | 'truncated' | 'size-mismatch' | 'checksum-mismatch' | 'bad-magic' | 'unsupported-version' | 'malformed'

/** A checkpoint or savepoint file is missing or does not verify (checksum, size, header); names the exact file. */
export class CorruptCheckpointError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_CORRUPT'
  readonly domain = 'external'
  constructor(readonly path: string, readonly corruption: CheckpointCorruption, detail: string) {
    super(`checkpoint file '${path}' is ${corruption === 'missing' ? 'missing' : `corrupt (${corruption})`}: ${detail}`)
  }
}

/** A path given to restore from is neither a `chk-<n>` checkpoint directory, a savepoint directory nor a `_metadata` file. */
export class InvalidRestorePathError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_INVALID_RESTORE_PATH'
  readonly domain = 'user'
  constructor(readonly path: string, reason: string) {
    super(`cannot restore from '${path}': ${reason}; give a checkpoint directory (.../<job-id>/chk-<n>), ` +
      'a savepoint directory (.../savepoint-<id>-<hex>) or the _metadata file inside one')
  }
}

/** Checkpoint storage could not create, write, sync, rename or delete a file or directory (disk full, permissions, ...). */
export class CheckpointStorageIoError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_STORAGE_IO'
  readonly domain = 'external'
  constructor(readonly path: string, readonly operation: string, override readonly cause: unknown) {
    const hint = STORAGE_ERRNO_HINTS[(cause as NodeJS.ErrnoException | undefined)?.code ?? '']
    super(`checkpoint storage cannot ${operation} '${path}': ${describeThrown(cause)}${hint === undefined ? '' : `; ${hint}`}`)
  }
}

// what to check for the errors a careless path or a sick disk gives; the message already names the path
const STORAGE_ERRNO_HINTS: Readonly<Record<string, string>> = {
  ENOENT: 'a directory on the way is missing or cannot hold new entries (as under /proc or /sys); use a directory on a writable file system',
  ENOTDIR: 'a part of the path is a file, not a directory; use a directory on a writable file system',
  EEXIST: 'a file of that name is in the way; remove it or use another directory',
  EACCES: 'this process lacks the permission; fix the permissions of the directory or use another one',
  EPERM: 'this process lacks the permission; fix the permissions of the directory or use another one',
  EROFS: 'the file system is read-only; use a directory on a writable file system',
  ENOSPC: 'the disk is full; free space or use another directory',
  EDQUOT: 'the disk quota is exhausted; free space or use another directory',
}

/** A file-system step of checkpoint storage did not answer in time (a hung network mount, a failing disk). */
export class CheckpointStorageTimeoutError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_STORAGE_TIMEOUT'
  readonly domain = 'external'
  constructor(readonly path: string, readonly operation: string, readonly timeoutMs: number) {
    super(`checkpoint storage did not ${operation} '${path}' within ${formatSeconds(timeoutMs)}: the file system does not ` +
      'answer; check the mount that holds this path (a hung network file system, a failing disk) or use a directory on a ' +
      'local, working file system')
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`
}

/** A state file name asked of checkpoint storage would escape its directory or clash with its metadata: a Sluice bug. */
export class InvalidStateFileNameError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_INVALID_FILE_NAME'
  readonly domain = 'internal'
  constructor(readonly fileName: string) {
    super(`state file name '${fileName}' is not allowed in a checkpoint directory (letters, digits, '.', '_', '-'; ` +
      "not starting with '.' or '_'); please report this bug")
  }
}

/** A keyed state value cannot be written into a checkpoint (a function, a symbol, a WeakMap, a Promise, ...). */
export class StateNotSerializableError extends SluiceError {
  readonly code = 'SLUICE_STATE_NOT_SERIALIZABLE'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly stateName: string, readonly entry: string, readonly detail: string) {
    super(`operator '${operatorName}' cannot checkpoint state '${stateName}' (${entry}): ${detail}; ` +
      'keep only data in keyed state (primitives, arrays, plain objects, Map, Set, Date, typed arrays), not functions or symbols')
  }
}

/** An operator holds keyed state or a timer for a key outside its key-group range. */
export class KeyGroupOutOfRangeError extends SluiceError {
  readonly code = 'SLUICE_STATE_KEY_GROUP_OUT_OF_RANGE'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly what: string, readonly keyGroup: number, readonly range: string) {
    super(`operator '${operatorName}' holds ${what} in key group ${keyGroup}, outside its key groups ${range}; ` +
      'its key selector is not deterministic (one record gave two keys); derive keys from the record\'s fields only')
  }
}

/** A keyed state snapshot cannot be read: not a snapshot, truncated, or damaged. */
export class CorruptStateSnapshotError extends SluiceError {
  readonly code = 'SLUICE_STATE_CORRUPT_SNAPSHOT'
  readonly domain = 'external'
  override readonly isRecoverable = false
  constructor(readonly detail: string) {
    super(`keyed state snapshot is corrupt: ${detail}; restore from another checkpoint or savepoint`)
  }
}

/** Keyed state was written with another number of key groups than the restoring job has. */
export class MaxParallelismMismatchError extends SluiceError {
  readonly code = 'SLUICE_STATE_MAX_PARALLELISM_MISMATCH'
  readonly domain = 'user'
  override readonly isRecoverable = false
  constructor(readonly operatorName: string, readonly configKey: string, readonly snapshotMaxParallelism: number,
    readonly jobMaxParallelism: number) {
    super(`operator '${operatorName}' cannot restore keyed state written with ${configKey} ${snapshotMaxParallelism} ` +
      `into a job with ${configKey} ${jobMaxParallelism}: the number of key groups is fixed for the life of the state; ` +
      `set ${configKey} to ${snapshotMaxParallelism}`)
  }
}

/** Checkpoint metadata handed to the storage would not read back (bad operator id, negative size, ...): a Sluice bug. */
export class InvalidCheckpointMetadataError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_INVALID_METADATA'
  readonly domain = 'internal'
  constructor(readonly checkpointId: number, problem: string) {
    super(`metadata of checkpoint ${checkpointId} cannot be stored: ${problem}; please report this bug`)
  }
}

/** A checkpoint or savepoint holds state of operators the job no longer has (Flink: --allowNonRestoredState). */
export class UnmappedCheckpointStateError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_UNMAPPED_STATE'
  readonly domain = 'user'
  override readonly isRecoverable = false
  constructor(readonly checkpointDir: string, readonly operatorIds: readonly string[]) {
    super(`cannot restore from ${checkpointDir}: it holds state of ${operatorIds.length} operator(s) the job does not have ` +
      `(operator ids ${operatorIds.join(', ')}); give those operators back their uid(), or pass --allowNonRestoredState to drop that state`)
  }
}

/** More checkpoints failed in a row than execution.checkpointing.tolerable-failed-checkpoints allows. */
export class TolerableCheckpointFailuresExceededError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_TOLERABLE_FAILURES_EXCEEDED'
  readonly domain = 'external'
}

/** A checkpoint holds a source's state that is not a list of splits: no reader of this Sluice can resume from it. */
export class IncompatibleSourceStateError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_SOURCE_STATE'
  readonly domain = 'user'
  override readonly isRecoverable = false
  constructor(readonly sourceName: string, readonly checkpointDir: string) {
    super(`cannot restore source '${sourceName}' from ${checkpointDir}: the checkpoint holds per-subtask reader positions, ` +
      'written by a Sluice from before sources were read as splits; restore it with the Sluice version that wrote it, ' +
      'or start the job without -s')
  }
}

/**
 * An unaligned checkpoint's in-flight data (channel state) does not fit the job resuming from it: some parallelism
 * changed, so the channels it was recorded on no longer exist as they were.
 */
export class ChannelStateMismatchError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_CHANNEL_STATE_MISMATCH'
  readonly domain = 'user'
  override readonly isRecoverable = false
  constructor(readonly where: string, detail: string) {
    super(`cannot restore the in-flight data of an unaligned checkpoint for ${where}: ${detail}; resume at the ` +
      'parallelism the checkpoint was taken with, or take a savepoint there (savepoints are always aligned, without ' +
      'in-flight data) and rescale from it')
  }
}

/** A function registered a user metric wrongly: an empty name, a name taken by another kind of metric, a bad argument. */
export class InvalidMetricError extends SluiceError {
  readonly code = 'SLUICE_METRIC_INVALID'
  readonly domain = 'user'
  constructor(readonly operatorName: string, readonly metricName: string, reason: string) {
    super(`operator '${operatorName}' cannot register metric '${metricName}': ${reason}`)
  }
}

/** A savepoint could not be taken: the job is not running, no directory, or the checkpoint failed. */
export class SavepointFailedError extends SluiceError {
  readonly code = 'SLUICE_CHECKPOINT_SAVEPOINT_FAILED'
  readonly domain = 'external'
  constructor(reason: string) {
    super(`savepoint failed: ${reason}`)
  }
}

/** `metrics.reporter.<name>.factory.class` (or `.class`) names no reporter Sluice has. */
export class UnknownMetricReporterFactoryError extends SluiceError {
  readonly code = 'SLUICE_METRICS_UNKNOWN_REPORTER_FACTORY'
  readonly domain = 'user'
  constructor(readonly key: string, readonly value: string, readonly known: readonly string[]) {
    super(`unknown metric reporter '${value}' for configuration key '${key}'; Sluice has: ${known.join(', ')}`)
  }
}

/** A reporter's configuration cannot work: a parameter of another reporter kind, a missing host, a bad filter, ... */
export class InvalidMetricReporterConfigError extends SluiceError {
  readonly code = 'SLUICE_METRICS_INVALID_REPORTER_CONFIG'
  readonly domain = 'user'
  constructor(readonly key: string, readonly reason: string) {
    super(`invalid metric reporter configuration '${key}': ${reason}`)
  }
}

/** A reporter could not deliver its metrics (server down, slow, refused); logged, never fails the job. */
export class MetricReportFailedError extends SluiceError {
  readonly code = 'SLUICE_METRICS_REPORT_FAILED'
  readonly domain = 'external'
  constructor(readonly reporterName: string, readonly target: string, readonly reason: string) {
    super(`metric reporter '${reporterName}' could not report to ${target}: ${reason}`)
  }
}

/** One delivery to a metric server failed: no answer in time, or an HTTP error status; the reporter's runner logs it. */
export class MetricDeliveryError extends SluiceError {
  readonly code = 'SLUICE_METRICS_DELIVERY_FAILED'
  readonly domain = 'external'
  constructor(readonly reason: string) {
    super(reason)
  }
}

// --- REST handler and server errors ---

/** An error a REST handler answers with an HTTP status and Flink's `{"errors":[...]}` body. */
export abstract class RestHandlerError extends SluiceError {
  abstract readonly httpStatus: 400 | 403 | 404 | 405 | 415
}

/** The request names a job, vertex, checkpoint, trigger or path that does not exist (HTTP 404). */
export class RestNotFoundError extends RestHandlerError {
  readonly code = 'SLUICE_REST_NOT_FOUND'
  readonly domain = 'user'
  readonly httpStatus = 404
}

/** A path or query parameter or the request body does not parse (HTTP 400). */
export class RestBadRequestError extends RestHandlerError {
  readonly code = 'SLUICE_REST_BAD_REQUEST'
  readonly domain = 'user'
  readonly httpStatus = 400
}

/** The path exists, but not for this HTTP method (HTTP 405). */
export class RestMethodNotAllowedError extends RestHandlerError {
  readonly code = 'SLUICE_REST_METHOD_NOT_ALLOWED'
  readonly domain = 'user'
  readonly httpStatus = 405
  constructor(readonly method: string, readonly path: string, readonly allowed: readonly string[]) {
    super(`Request method ${method} is not allowed for ${path}; allowed: ${allowed.join(', ')}.`)
  }
}

/**
 * The Host header names a host the REST server does not answer to (HTTP 403): a web page that rebinds its own DNS
 * name to 127.0.0.1 reaches the server under that name, so only known names are served.
 */
export class RestHostNotAllowedError extends RestHandlerError {
  readonly code = 'SLUICE_REST_HOST_NOT_ALLOWED'
  readonly domain = 'user'
  readonly httpStatus = 403
  constructor(readonly host: string, accepted: readonly string[], suggestion: string) {
    super(`Host '${host}' is not allowed: this server answers to ${accepted.join(', ')}. To reach it under another ` +
      `name, add that name to rest.allowed-hosts (a Sluice key), e.g. -D rest.allowed-hosts=${suggestion}`)
  }
}

/** A browser sent the request from a web page of another origin than web.access-control-allow-origin allows (HTTP 403). */
export class RestOriginNotAllowedError extends RestHandlerError {
  readonly code = 'SLUICE_REST_ORIGIN_NOT_ALLOWED'
  readonly domain = 'user'
  readonly httpStatus = 403
  constructor(readonly origin: string, allowedOrigin: string | undefined) {
    const reason = allowedOrigin === undefined
      ? 'web.access-control-allow-origin is not set, so web pages of other origins may not use this API'
      : `web.access-control-allow-origin allows only '${allowedOrigin}'`
    super(`Cross-origin request from '${origin}' refused: ${reason}. To let a web application at that origin use it, ` +
      `set -D web.access-control-allow-origin=${origin}`)
  }
}

/** A state-changing request (POST, PATCH, PUT, DELETE) without a JSON content type (HTTP 415). */
export class RestUnsupportedMediaTypeError extends RestHandlerError {
  readonly code = 'SLUICE_REST_UNSUPPORTED_MEDIA_TYPE'
  readonly domain = 'user'
  readonly httpStatus = 415
  constructor(readonly method: string, readonly contentType: string | undefined) {
    super(`Request method ${method} needs the header 'Content-Type: application/json' ` +
      `(${contentType === undefined ? 'none was sent' : `got '${contentType}'`}), with a JSON body or none, ` +
      `e.g. curl -X ${method} -H 'Content-Type: application/json' -d '{}' <url>`)
  }
}

/** `rest.address`:`rest.port` is taken by another process. */
export class RestPortInUseError extends SluiceError {
  readonly code = 'SLUICE_REST_PORT_IN_USE'
  readonly domain = 'user'
  constructor(readonly address: string, readonly port: number) {
    super(`cannot serve the REST API at ${address}:${port}: the port is already in use (another 'sluice run'?); ` +
      `pass -D rest.port=0 to pick a free port, or -D rest.port=<another port>`)
  }
}

/** The REST server could not bind for another reason than a taken port (an address this machine does not have, no permission). */
export class RestBindFailedError extends SluiceError {
  readonly code = 'SLUICE_REST_BIND_FAILED'
  readonly domain = 'external'
  constructor(readonly address: string, readonly port: number, reason: string) {
    super(`cannot serve the REST API at ${address}:${port}: ${reason}; check rest.address and rest.port`)
  }
}

// --- CLI verbs talking to the REST API ---

/** Nothing answers at the address given with -m (no `sluice run` there, or it already exited). */
export class RestUnreachableError extends SluiceError {
  readonly code = 'SLUICE_REST_UNREACHABLE'
  readonly domain = 'external'
  constructor(readonly address: string, reason: string) {
    super(`nothing is listening at ${address} (${reason}): is 'sluice run' still running? It prints its address at start ` +
      `('REST API at http://...'); pass it with -m host:port`)
  }
}

/** The REST API at -m has no job with the id given. */
export class UnknownJobError extends SluiceError {
  readonly code = 'SLUICE_REST_UNKNOWN_JOB'
  readonly domain = 'user'
  constructor(readonly jobId: string, readonly address: string) {
    super(`no job ${jobId} at ${address}; 'sluice list -a -m ${address}' shows the jobs there`)
  }
}

/** The REST API answered a request with an error that is not a missing job (a bad request, a server error, a non-JSON answer). */
export class RestRequestFailedError extends SluiceError {
  readonly code = 'SLUICE_REST_REQUEST_FAILED'
  readonly domain = 'external'
  constructor(readonly address: string, readonly httpStatus: number, detail: string) {
    super(`the REST API at ${address} answered ${httpStatus}: ${detail}`)
  }
}

// --- workers and internal errors ---

/** A worker thread (a TaskManager) died from an error that nothing caught. */
export class WorkerCrashedError extends SluiceError {
  readonly code = 'SLUICE_WORKER_CRASHED'
  readonly domain = 'internal'
  constructor(readonly workerIndex: number, readonly causeMessage: string) {
    super(`worker ${workerIndex} crashed: ${causeMessage}`)
  }
}

/** A worker thread stopped while the job still needed it (terminated, or process.exit() in user code). */
export class WorkerExitedError extends SluiceError {
  readonly code = 'SLUICE_WORKER_EXITED'
  readonly domain = 'internal'
  constructor(readonly workerIndex: number, readonly exitCode: number) {
    super(`worker ${workerIndex} exited unexpectedly with code ${exitCode}`)
  }
}

/** Workers did not start their subtasks within slot.request.timeout: the job fails instead of waiting forever. */
export class DeploymentTimeoutError extends SluiceError {
  readonly code = 'SLUICE_DEPLOYMENT_TIMEOUT'
  readonly domain = 'external'
  constructor(readonly timeoutMs: number, readonly waitingFor: readonly string[]) {
    super(`the job's subtasks did not all start within ${timeoutMs} ms (slot.request.timeout); still waiting for ` +
      `${waitingFor.slice(0, 5).join(', ')}${waitingFor.length > 5 ? ` and ${waitingFor.length - 5} more` : ''}. ` +
      'A job module that blocks at import in worker threads, or a machine too busy to start them, causes this; ' +
      'raise slot.request.timeout if the machine is merely slow')
  }
}

/** Something failed that Sluice did not expect and no user function threw: a Sluice bug. */
export class InternalError extends SluiceError {
  readonly code = 'SLUICE_INTERNAL'
  readonly domain = 'internal'
  constructor(detail: string) {
    super(`internal error: ${detail}`)
  }
}

// --- the command line ---

/** The command line is wrong: unknown command or flag, missing job file, bad flag value. */
export class CliUsageError extends SluiceError {
  readonly code = 'SLUICE_CLI_USAGE'
  readonly domain = 'user'
  constructor(detail: string) {
    super(`${detail} (see 'sluice --help')`)
  }
}
