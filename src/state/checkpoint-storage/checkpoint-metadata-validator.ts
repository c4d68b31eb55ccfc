import { isValidStateFileName } from './checkpoint-storage-layout.js'
import { isWellFormedChecksum } from './checksum.js'

const OPERATOR_ID_PATTERN = /^[0-9a-f]{32}$/

/**
 * What keeps a value from being CheckpointMetadata (first problem found, with its JSON path), or undefined if it is
 * one. Checked on write, so storage never writes what it cannot read back, and on read, so a restore never trusts a
 * file name that would leave the checkpoint directory.
 */
export function describeMetadataProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'the body is not a JSON object'
  return field(value, 'checkpointId', isNonNegativeInteger, 'a non-negative integer') ??
    field(value, 'jobId', isNonEmptyString, 'a non-empty string') ??
    field(value, 'isSavepoint', isBoolean, 'a boolean') ??
    field(value, 'triggerTimestampMs', Number.isFinite, 'a number') ??
    field(value, 'completionTimestampMs', Number.isFinite, 'a number') ??
    field(value, 'isCompressed', isBoolean, 'a boolean') ??
    field(value, 'operators', Array.isArray, 'an array') ??
    firstProblem(value.operators as unknown[], (operator, i) => describeOperatorProblem(operator, `operators[${i}]`))
}

function describeOperatorProblem(value: unknown, path: string): string | undefined {
  if (!isObject(value)) return `${path} is not an object`
  return field(value, 'operatorId', (v) => typeof v === 'string' && OPERATOR_ID_PATTERN.test(v), '32 lowercase hex digits', path) ??
    field(value, 'parallelism', isPositiveInteger, 'a positive integer', path) ??
    field(value, 'maxParallelism', isPositiveInteger, 'a positive integer', path) ??
    field(value, 'subtasks', Array.isArray, 'an array', path) ??
    firstProblem(value.subtasks as unknown[], (subtask, i) => describeSubtaskProblem(subtask, `${path}.subtasks[${i}]`))
}

function describeSubtaskProblem(value: unknown, path: string): string | undefined {
  if (!isObject(value)) return `${path} is not an object`
  return field(value, 'subtaskIndex', isNonNegativeInteger, 'a non-negative integer', path) ??
    field(value, 'backendState', isObject, 'a JSON object', path) ??
    field(value, 'stateFiles', Array.isArray, 'an array', path) ??
    firstProblem(value.stateFiles as unknown[], (handle, i) => describeHandleProblem(handle, `${path}.stateFiles[${i}]`)) ??
    (value.channelState === undefined ? undefined : describeChannelStateProblem(value.channelState, `${path}.channelState`)) ??
    (value.isFinished === undefined ? undefined : field(value, 'isFinished', isBoolean, 'a boolean', path))
}

function describeChannelStateProblem(value: unknown, path: string): string | undefined {
  if (!isObject(value)) return `${path} is not an object`
  return describeHandleProblem(value.file, `${path}.file`) ??
    field(value, 'inputChannels', isNonNegativeInteger, 'a non-negative integer', path) ??
    field(value, 'subpartitions', (v) => Array.isArray(v) && v.every(isNonNegativeInteger), 'an array of non-negative integers', path) ??
    field(value, 'layout', (v) => typeof v === 'string', 'a string', path)
}

function describeHandleProblem(value: unknown, path: string): string | undefined {
  if (!isObject(value)) return `${path} is not an object`
  return field(value, 'fileName', isStateFileName, 'a plain file name inside the checkpoint directory', path) ??
    field(value, 'sizeBytes', isNonNegativeInteger, 'a non-negative integer', path) ??
    field(value, 'checksum', (v) => typeof v === 'string' && isWellFormedChecksum(v), "'sha256:' and 64 hex digits", path) ??
    field(value, 'isCompressed', isBoolean, 'a boolean', path)
}

function field(object: Record<string, unknown>, key: string, isValid: (value: unknown) => boolean, expected: string,
  path?: string): string | undefined {
  const value = object[key]
  if (isValid(value)) return undefined
  return `${path === undefined ? key : `${path}.${key}`} is ${value === undefined ? 'missing' : JSON.stringify(value)}, expected ${expected}`
}

function firstProblem(items: readonly unknown[], describe: (item: unknown, index: number) => string | undefined): string | undefined {
  for (const [index, item] of items.entries()) {
    const problem = describe(item, index)
    if (problem !== undefined) return problem
  }
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
function isBoolean(value: unknown): boolean { return typeof value === 'boolean' }
function isNonEmptyString(value: unknown): boolean { return typeof value === 'string' && value.length > 0 }
function isNonNegativeInteger(value: unknown): boolean { return Number.isSafeInteger(value) && (value as number) >= 0 }
function isPositiveInteger(value: unknown): boolean { return Number.isSafeInteger(value) && (value as number) >= 1 }
function isStateFileName(value: unknown): boolean { return typeof value === 'string' && isValidStateFileName(value) }
