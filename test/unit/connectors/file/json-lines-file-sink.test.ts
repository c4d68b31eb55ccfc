import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonLinesFileSink } from '../../../../src/connectors/file/json-lines-file-sink.js'
import { SluiceError } from '../../../../src/errors.js'

const context = { subtaskIndex: 0, parallelism: 1 }

describe('JsonLinesFileSink', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-json-lines-sink-')) })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  it('writes one subtask', () => {
    assert.equal(new JsonLinesFileSink(join(dir, 'any.jsonl')).maxParallelism, 1)
  })

  it('writes each record as one JSON line, creating the parent directories', () => {
    const path = join(dir, 'nested', 'deeper', 'out.jsonl')
    const writer = new JsonLinesFileSink<unknown>(path).createWriter(context)
    writer.write({ id: 1, name: 'a\nb' }, undefined)
    writer.write('text', 5)
    writer.write(undefined, undefined)
    writer.flush(true)
    writer.close()
    assert.equal(readFileSync(path, 'utf8'), '{"id":1,"name":"a\\nb"}\n"text"\nnull\n')
  })

  it('truncates an existing file when the writer starts', () => {
    const path = join(dir, 'existing.jsonl')
    writeFileSync(path, 'old content that is longer\n')
    const writer = new JsonLinesFileSink<number>(path).createWriter(context)
    assert.equal(readFileSync(path, 'utf8'), '')
    writer.write(1, undefined)
    writer.close()
    assert.equal(readFileSync(path, 'utf8'), '1\n')
  })

  it('buffers small writes until flush, and writes a large buffer without waiting for one', () => {
    const path = join(dir, 'buffered.jsonl')
    const writer = new JsonLinesFileSink<{ i: number }>(path).createWriter(context)
    writer.write({ i: 0 }, undefined)
    assert.equal(readFileSync(path, 'utf8'), '')
    writer.flush(false)
    assert.equal(readFileSync(path, 'utf8'), '{"i":0}\n')
    for (let i = 1; i <= 20_000; i++) writer.write({ i }, undefined)
    assert.ok(readFileSync(path, 'utf8').length > 64 * 1024)
    writer.close()
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    assert.equal(lines.length, 20_001)
    assert.deepEqual(JSON.parse(lines.at(-1) ?? ''), { i: 20_000 })
  })

  it('tolerates close after close', () => {
    const writer = new JsonLinesFileSink<number>(join(dir, 'twice.jsonl')).createWriter(context)
    writer.close()
    writer.close()
  })

  it('names the path when it cannot be opened', () => {
    const blocker = join(dir, 'a-file')
    writeFileSync(blocker, '')
    const path = join(blocker, 'out.jsonl')
    assert.throws(() => new JsonLinesFileSink(path).createWriter(context),
      (e: unknown) => e instanceof SluiceError && e.code === 'SLUICE_CONNECTOR_FILE_IO' && e.message.includes(path))
  })
})
