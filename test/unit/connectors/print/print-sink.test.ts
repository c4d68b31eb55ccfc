import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatPrintedValue, printLinePrefix } from '../../../../src/connectors/print/print-sink.js'

const printSinkModule = fileURLToPath(new URL('../../../../src/connectors/print/print-sink.ts', import.meta.url))

describe('PrintSink', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-print-sink-')) })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  /** Runs a script with PrintSink in a child process and returns what it printed. */
  function runScript(body: string): { stdout: string; stderr: string } {
    const script = join(dir, `script-${Math.random().toString(36).slice(2)}.ts`)
    writeFileSync(script, `import { PrintSink } from ${JSON.stringify(printSinkModule)}\n${body}\n`)
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    return { stdout: result.stdout, stderr: result.stderr }
  }

  it("prefixes lines like Flink's print(): subtask number at parallelism > 1, the identifier when given", () => {
    assert.equal(printLinePrefix(undefined, 0, 1), '')
    assert.equal(printLinePrefix(undefined, 2, 4), '3> ')
    assert.equal(printLinePrefix('out', 0, 1), 'out> ')
    assert.equal(printLinePrefix('out', 1, 2), 'out:2> ')
    assert.equal(printLinePrefix('', 1, 2), '2> ')
  })

  it('prints strings as they are, objects as JSON and other values with String()', () => {
    assert.equal(formatPrintedValue('a "b"'), 'a "b"')
    assert.equal(formatPrintedValue({ id: 1, tags: ['x'] }), '{"id":1,"tags":["x"]}')
    assert.equal(formatPrintedValue({ n: 10n }), '{"n":"10"}')
    assert.equal(formatPrintedValue(null), 'null')
    assert.equal(formatPrintedValue(undefined), 'undefined')
    assert.equal(formatPrintedValue(12n), '12')
  })

  it('prints an object with a cycle instead of failing', () => {
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    assert.match(formatPrintedValue(cyclic), /Circular/)
  })

  it('writes buffered lines to stdout only on flush and close', () => {
    const { stdout } = runScript(`
      const writer = new PrintSink<unknown>().createWriter({ subtaskIndex: 1, parallelism: 3 })
      writer.write({ id: 1 }, undefined)
      writer.write('two', undefined)
      process.stdout.write('before flush\\n')
      writer.flush(false)
      writer.write(3, undefined)
      writer.close()
    `)
    assert.equal(stdout, 'before flush\n2> {"id":1}\n2> two\n2> 3\n')
  })

  it('writes a few buffered lines on its own shortly after, without flush or close', () => {
    // the process ends only once the writer's timer has run: the lines must be out by then
    const { stdout } = runScript(`
      const writer = new PrintSink<string>().createWriter({ subtaskIndex: 0, parallelism: 1 })
      writer.write('trickle', undefined)
      process.stdout.write('first\\n')
      const keepAlive = setInterval(() => {}, 10)
      setTimeout(() => { clearInterval(keepAlive); process.stdout.write('later\\n') }, 1000)
    `)
    assert.equal(stdout, 'first\ntrickle\nlater\n')
  })

  it('writes once the buffer is large, and takes a prefix as a string', () => {
    const { stdout } = runScript(`
      const writer = new PrintSink<number>('big').createWriter({ subtaskIndex: 0, parallelism: 1 })
      for (let i = 0; i < 20000; i++) writer.write(i, undefined)
      process.stdout.write('MARK\\n')
      writer.close()
    `)
    const lines = stdout.trimEnd().split('\n')
    assert.equal(lines.length, 20_001)
    assert.ok(lines.indexOf('MARK') > 0 && lines.indexOf('MARK') < 20_000, 'some lines were written before close')
    assert.deepEqual(lines.filter((l) => l !== 'MARK'), Array.from({ length: 20_000 }, (_, i) => `big> ${i}`))
  })

  it('prints to stderr when asked', () => {
    const { stdout, stderr } = runScript(`
      const writer = new PrintSink<string>({ isStdErr: true }).createWriter({ subtaskIndex: 0, parallelism: 1 })
      writer.write('oops', undefined)
      writer.close()
    `)
    assert.equal(stdout, '')
    assert.equal(stderr, 'oops\n')
  })
})
