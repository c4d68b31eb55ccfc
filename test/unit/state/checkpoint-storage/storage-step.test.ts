import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { closeSync, constants, openSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CheckpointStorageIoError, CheckpointStorageTimeoutError } from '../../../../src/errors.js'
import {
  STORAGE_STEP_TIMEOUT_MS, errnoOf, pathExists, storageIo, storageStep, storageStepTimeoutFor,
} from '../../../../src/state/checkpoint-storage/storage-step.js'
import { useTempDir } from './checkpoint-storage-fixtures.js'

function timedOut(operation: string, path: string): (error: unknown) => boolean {
  return (error) => error instanceof CheckpointStorageTimeoutError && error.domain === 'external' &&
    error.operation === operation && error.path === path &&
    error.message.startsWith(`checkpoint storage did not ${operation} '${path}' within 30 ms: the file system does not answer; check the mount`)
}

describe('storageStep', () => {
  const tmp = useTempDir()

  it('fails a step that never settles with an error naming the operation, the path and the bound', async () => {
    await assert.rejects(storageStep('create directory', '/mnt/hung/job', () => new Promise(() => {}), 30),
      timedOut('create directory', '/mnt/hung/job'))
  })

  it('bounds a real file-system call that blocks: reading a FIFO nobody writes to', { skip: process.platform === 'win32' }, async () => {
    const fifo = join(tmp.path, '_metadata')
    execFileSync('mkfifo', [fifo])
    try {
      await assert.rejects(storageStep('read', fifo, () => readFile(fifo), 30), timedOut('read', fifo))
    } finally {
      // the blocked open() still holds a thread of the pool: a writer that comes and goes releases it
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))
    }
  })

  it('answers with what the step returns, or with its error', async () => {
    assert.equal(await storageStep('read', '/x', async () => 42, 30), 42)
    await assert.rejects(storageStep('read', '/x', async () => { throw new RangeError('boom') }, 30), RangeError)
  })

  it('allows a step that moves bytes the time the slowest acceptable disk (1 MiB/s) needs on top', () => {
    assert.equal(storageStepTimeoutFor(0), STORAGE_STEP_TIMEOUT_MS)
    assert.equal(storageStepTimeoutFor(1024 * 1024 * 1024), STORAGE_STEP_TIMEOUT_MS + 1_024_000)
  })
})

describe('storageIo', () => {
  const tmp = useTempDir()

  it('turns a failed step into a CheckpointStorageIoError naming the operation and path, keeping its errno', async () => {
    const path = join(tmp.path, 'missing')
    const error = await storageIo('read', path, () => readFile(path)).catch((thrown: unknown) => thrown)
    assert.ok(error instanceof CheckpointStorageIoError)
    assert.match(error.message, new RegExp(`^checkpoint storage cannot read '${path}': ENOENT: `))
    assert.equal(errnoOf(error), 'ENOENT')
  })

  it('keeps a timeout a timeout', async () => {
    await assert.rejects(storageIo('list', '/mnt/hung', () => new Promise(() => {}), 30), timedOut('list', '/mnt/hung'))
  })

  it('says what to check for the errors a careless path gives', async () => {
    const file = join(tmp.path, 'a-file')
    writeFileSync(file, '')
    const error = await storageIo('create directory', join(file, 'job'), () => readFile(join(file, 'job')))
      .catch((thrown: unknown) => thrown)
    assert.ok(error instanceof CheckpointStorageIoError)
    assert.match(error.message, /ENOTDIR: .*; a part of the path is a file, not a directory; use a directory on a writable file system$/)
  })
})

describe('pathExists', () => {
  const tmp = useTempDir()

  it('tells an existing path from a missing one', async () => {
    assert.equal(await pathExists(tmp.path), true)
    assert.equal(await pathExists(join(tmp.path, 'nope')), false)
  })
})
