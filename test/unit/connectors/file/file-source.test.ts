import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSource } from '../../../../src/connectors/file/file-source.js'
import { SluiceError } from '../../../../src/errors.js'
import { assignedReader, collecting, drain, resumedReader } from '../../../support/source-reader-output.js'


const context = { subtaskIndex: 0, parallelism: 1 }

describe('FileSource.forLines', () => {
  let dir: string
  let n = 0
  const fileWith = (content: string | Buffer): string => {
    const path = join(dir, `input-${n++}.txt`)
    writeFileSync(path, content)
    return path
  }
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-file-source-')) })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  it('is a bounded source with a split per file, read in the order given', () => {
    const first = fileWith('a1\na2\n')
    const second = fileWith('b1\n')
    const source = FileSource.forLines(first, second)
    assert.equal(source.boundedness, 'BOUNDED')
    assert.deepEqual(drain(assignedReader(source, context), 1), ['a1', 'a2', 'b1'])
  })

  it('reads each file in one subtask, and leaves a subtask without a file nothing to read', () => {
    const source = FileSource.forLines(fileWith('x\ny\n'))
    assert.deepEqual(drain(assignedReader(source, { subtaskIndex: 0, parallelism: 2 })), ['x', 'y'])
    assert.deepEqual(drain(assignedReader(source, { subtaskIndex: 1, parallelism: 2 })), [])
  })

  it("emits lines without their '\\n' or '\\r\\n', keeping empty lines", () => {
    const path = fileWith('first\r\nsecond\n\nfourth\n')
    assert.deepEqual(drain(assignedReader(FileSource.forLines(path), context)), ['first', 'second', '', 'fourth'])
  })

  it("emits a last line that has no '\\n'", () => {
    assert.deepEqual(drain(assignedReader(FileSource.forLines(fileWith('a\nb')), context)), ['a', 'b'])
  })

  it('emits nothing for an empty file', () => {
    assert.deepEqual(drain(assignedReader(FileSource.forLines(fileWith('')), context)), [])
  })

  it('reads lines longer than a chunk and multi-byte characters split between chunks', () => {
    // 'é' is two bytes: the first line puts one across the 64 KiB chunk boundary
    const lines = ['y'.repeat(64 * 1024 - 1) + 'é end', 'x'.repeat(200_000), 'é'.repeat(70_000), 'ünïcödé ✓']
    const path = fileWith(lines.join('\n') + '\n')
    assert.deepEqual(drain(assignedReader(FileSource.forLines(path), context), 1), lines)
  })

  it('emits at most maxRecords per poll', () => {
    const reader = assignedReader(FileSource.forLines(fileWith('1\n2\n3\n')), context)
    const output = collecting<string>()
    assert.equal(reader.pollNext(output, 2), 'MORE_AVAILABLE')
    assert.deepEqual(output.values, ['1', '2'])
    reader.close?.()
  })

  it('resumes from the byte offset of its snapshot without repeating or skipping lines', () => {
    const path = fileWith('ä\r\nbb\nccc\ndd\n')
    const source = FileSource.forLines(path)
    const first = assignedReader(source, context)
    first.pollNext(collecting(), 2)
    const splits = first.snapshotState()
    first.close?.()
    assert.deepEqual(splits.map((split) => split.offsetBytes), [Buffer.byteLength('ä\r\nbb\n')])
    assert.deepEqual(drain(resumedReader(source, splits)), ['ccc', 'dd'])
  })

  it('refuses no path and an empty one', () => {
    assert.throws(() => FileSource.forLines(), (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT')
    assert.throws(() => FileSource.forLines(''), /non-empty paths/)
  })

  it('names the path when the file does not exist', () => {
    const missing = join(dir, 'missing.txt')
    assert.throws(() => assignedReader(FileSource.forLines(missing), context).pollNext(collecting(), 1),
      (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_CONNECTOR_FILE_IO' && e.message.includes(missing))
  })
})
