import assert from 'node:assert/strict'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { makeDirectories } from '../../../../src/state/checkpoint-storage/make-directories.js'
import { useTempDir } from './checkpoint-storage-fixtures.js'

function failsWith(code: string): (error: unknown) => boolean {
  return (error) => (error as NodeJS.ErrnoException).code === code
}

describe('makeDirectories', () => {
  const tmp = useTempDir()

  it('creates a directory with its missing parents', async () => {
    const dir = join(tmp.path, 'a', 'b', 'c')
    await makeDirectories(dir)
    assert.ok(statSync(dir).isDirectory())
  })

  it('accepts a directory that exists, and refuses a file in the way', async () => {
    mkdirSync(join(tmp.path, 'there'))
    await makeDirectories(join(tmp.path, 'there'))
    writeFileSync(join(tmp.path, 'file'), '')
    await assert.rejects(makeDirectories(join(tmp.path, 'file')), failsWith('EEXIST'))
    await assert.rejects(makeDirectories(join(tmp.path, 'file', 'below')), failsWith('ENOTDIR'))
  })

  // Node's mkdir({ recursive: true }) spins forever on this path and its promise never settles
  it('fails at once under /proc, whose directories answer ENOENT for any new name', { skip: !existsSync('/proc/self'), timeout: 10_000 }, async () => {
    await assert.rejects(makeDirectories('/proc/sluice-no-such-dir/job'), failsWith('ENOENT'))
  })
})
