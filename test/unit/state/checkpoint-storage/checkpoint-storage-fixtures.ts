// Builders shared by the checkpoint-storage tests: real temp directories, a deterministic random source and
// completed checkpoints written through the public API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'node:test'
import type { CheckpointMetadata } from '../../../../src/state/checkpoint-storage/checkpoint-metadata.js'
import {
  FileSystemCheckpointStorage, type FileSystemCheckpointStorageOptions,
} from '../../../../src/state/checkpoint-storage/file-system-checkpoint-storage.js'
import type { StateFileHandle } from '../../../../src/state/checkpoint-storage/state-file-handle.js'

export const JOB_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
export const OPERATOR_ID = '0123456789abcdef0123456789abcdef'

/** A fresh temporary directory per test, removed afterwards; read `.path` inside a test. */
export function useTempDir(): { readonly path: string } {
  const holder = { path: '' }
  beforeEach(() => { holder.path = mkdtempSync(join(tmpdir(), 'sluice-checkpoint-storage-')) })
  afterEach(() => rmSync(holder.path, { recursive: true, force: true }))
  return holder
}

/** Hex from a counter, so savepoint and temporary file names are predictable. */
export function countingRandomHex(): (byteCount: number) => string {
  let next = 0
  return (byteCount) => (next++).toString(16).padStart(byteCount * 2, '0').slice(-byteCount * 2)
}

/** Storage for JOB_ID under `root`, compression off unless asked. */
export function aStorage(root: string, overrides: Partial<FileSystemCheckpointStorageOptions> = {}): FileSystemCheckpointStorage {
  return new FileSystemCheckpointStorage({
    checkpointsDir: root, jobId: JOB_ID, isCompressionEnabled: false, randomHex: countingRandomHex(), ...overrides,
  })
}

/** Metadata of one operator with one subtask holding `stateFiles`. */
export function aMetadata(checkpointId: number, stateFiles: readonly StateFileHandle[],
  overrides: Partial<CheckpointMetadata> = {}): CheckpointMetadata {
  return {
    checkpointId,
    jobId: JOB_ID,
    isSavepoint: false,
    triggerTimestampMs: 1_700_000_000_000 + checkpointId * 1000,
    completionTimestampMs: 1_700_000_000_500 + checkpointId * 1000,
    isCompressed: false,
    operators: [{
      operatorId: OPERATOR_ID,
      parallelism: 1,
      maxParallelism: 128,
      subtasks: [{ subtaskIndex: 0, stateFiles, backendState: { keyGroupRange: [0, 127], states: ['count'] } }],
    }],
    ...overrides,
  }
}

/** Writes a completed checkpoint with one state file per entry; returns its directory. */
export async function aCompletedCheckpoint(storage: FileSystemCheckpointStorage, checkpointId: number,
  files: Record<string, string> = { 'keyed-0': `state of checkpoint ${checkpointId}` }): Promise<string> {
  const location = await storage.createCheckpointLocation(checkpointId)
  const handles: StateFileHandle[] = []
  for (const [name, text] of Object.entries(files)) handles.push(await location.writeStateFile(name, new TextEncoder().encode(text)))
  return location.writeMetadata(aMetadata(checkpointId, handles, { isCompressed: storage.isCompressionEnabled }))
}

/** Flips every bit of the byte at `offset` (negative: from the end) of a file. */
export function corruptByte(path: string, offset: number): void {
  const bytes = readFileSync(path)
  const index = offset < 0 ? bytes.length + offset : offset
  bytes[index] = bytes[index]! ^ 0xff
  writeFileSync(path, bytes)
}

/** Cuts a file down to `length` bytes. */
export function truncateFile(path: string, length: number): void {
  writeFileSync(path, readFileSync(path).subarray(0, length))
}
