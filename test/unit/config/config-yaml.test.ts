import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFileFormatOf, parseConfigYaml, readConfigYaml } from '../../../src/config/config-yaml.js'
import { Configuration } from '../../../src/config/configuration.js'
import { configRegistry } from '../../../src/config/options/all-options.js'
import { CHECKPOINTING_INTERVAL } from '../../../src/config/options/checkpointing-options.js'
import { InvalidConfigFileError } from '../../../src/errors.js'

function assertFileError(run: () => unknown, file: string, line: number | undefined, reason: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidConfigFileError)
    assert.equal(error.code, 'SLUICE_CONFIG_INVALID_FILE')
    assert.equal(error.file, file)
    assert.equal(error.line, line)
    assert.match(error.reason, reason)
    return true
  })
}

describe('parseConfigYaml (standard YAML)', () => {
  it('flattens nested maps into dotted keys, with the line of each key as origin', () => {
    const text = [
      'execution:',
      '  checkpointing:',
      '    interval: 10 s',
      '    mode: EXACTLY_ONCE',
      'parallelism.default: 4',
    ].join('\n')
    assert.deepEqual(parseConfigYaml(text, 'conf/config.yaml'), [
      { key: 'execution.checkpointing.interval', value: '10 s', origin: 'conf/config.yaml:3' },
      { key: 'execution.checkpointing.mode', value: 'EXACTLY_ONCE', origin: 'conf/config.yaml:4' },
      { key: 'parallelism.default', value: '4', origin: 'conf/config.yaml:5' },
    ])
  })

  it('flattens flow-style maps and mixes dotted and nested keys', () => {
    assert.deepEqual(parseConfigYaml('execution.checkpointing: {interval: 1 min, timeout: 5 min}', 'config.yaml'), [
      { key: 'execution.checkpointing.interval', value: '1 min', origin: 'config.yaml:1' },
      { key: 'execution.checkpointing.timeout', value: '5 min', origin: 'config.yaml:1' },
    ])
  })

  it('writes numbers and booleans as the user spelled them', () => {
    assert.deepEqual(parseConfigYaml('a: 1.0\nb: TRUE\nc: 007\nd: "quoted # not a comment"', 'config.yaml')
      .map(({ value }) => value), ['1.0', 'TRUE', '007', 'quoted # not a comment'])
  })

  it("joins lists Flink's way with ';', quoting items that contain one", () => {
    assert.deepEqual(parseConfigYaml('l: [a, "b;c"]\nm:\n  - x\n  - y\n', 'config.yaml'), [
      { key: 'l', value: "a;'b;c'", origin: 'config.yaml:1' },
      { key: 'm', value: 'x;y', origin: 'config.yaml:2' },
    ])
  })

  it('reads nothing from an empty file or one with only comments', () => {
    assert.deepEqual(parseConfigYaml('', 'config.yaml'), [])
    assert.deepEqual(parseConfigYaml('# parallelism.default: 4\n', 'config.yaml'), [])
  })

  it('resolves anchors and aliases', () => {
    assert.deepEqual(parseConfigYaml('a: &d 10 s\nb: *d', 'config.yaml').map(({ value }) => value), ['10 s', '10 s'])
  })

  it('reports a YAML syntax error with the file and line', () => {
    assertFileError(() => parseConfigYaml('parallelism.default: 4\nrest:\n  port: 1\n\tbad: tab\n', 'config.yaml'),
      'config.yaml', 4, /^YAML syntax error: Tabs are not allowed/)
    assertFileError(() => parseConfigYaml('a: b: c', 'config.yaml'), 'config.yaml', 1, /YAML syntax error/)
  })

  it('names file and line together in the message', () => {
    assert.throws(() => parseConfigYaml('a: 1\nb: [1, 2\n', 'conf/config.yaml'), (error: unknown) => {
      assert.ok(error instanceof InvalidConfigFileError)
      assert.match(error.message, /^invalid configuration file conf\/config.yaml:\d+: YAML syntax error: /)
      return true
    })
  })

  it('reports a key given twice in the same map', () => {
    assertFileError(() => parseConfigYaml('a: 1\nb: 2\na: 3\n', 'config.yaml'), 'config.yaml', 3, /unique/)
  })

  it('reports a key without a value', () => {
    assertFileError(() => parseConfigYaml('pipeline:\n  name:\n', 'config.yaml'), 'config.yaml', 2,
      /'pipeline.name' has no value; give it one or remove the line/)
  })

  it('reports a document that is not a map of keys', () => {
    assertFileError(() => parseConfigYaml('- a\n- b\n', 'config.yaml'), 'config.yaml', 1, /top level must be a mapping/)
  })

  it('reports a list holding maps', () => {
    assertFileError(() => parseConfigYaml('l:\n  - a: 1\n', 'config.yaml'), 'config.yaml', 1,
      /the list under 'l' may only hold plain values/)
  })

  it('feeds a Configuration whose errors point back at the line', () => {
    const entries = parseConfigYaml('execution:\n  checkpointing:\n    interval: soon\n', 'config.yaml')
    assert.throws(() => Configuration.fromEntries(entries, configRegistry), /\(from config.yaml:3\)/)
    const config = Configuration.fromEntries(
      parseConfigYaml('execution:\n  checkpointing:\n    interval: 30 s\n', 'config.yaml'), configRegistry)
    assert.equal(config.get(CHECKPOINTING_INTERVAL), 30_000)
  })
})

describe('parseConfigYaml (legacy flink-conf.yaml)', () => {
  it('reads one key: value per line, skipping blank lines and comments', () => {
    const text = '# comment\n\nparallelism.default: 4   # four\nrest.address: 0.0.0.0\r\nweb.x: a: b\n'
    assert.deepEqual(parseConfigYaml(text, 'conf/flink-conf.yaml'), [
      { key: 'parallelism.default', value: '4', origin: 'conf/flink-conf.yaml:3' },
      { key: 'rest.address', value: '0.0.0.0', origin: 'conf/flink-conf.yaml:4' },
      { key: 'web.x', value: 'a: b', origin: 'conf/flink-conf.yaml:5' },
    ])
  })

  it('does not flatten: an indented line is still a flat key', () => {
    assert.deepEqual(parseConfigYaml('  a.b: 1', 'flink-conf.yaml'),
      [{ key: 'a.b', value: '1', origin: 'flink-conf.yaml:1' }])
  })

  it('reports a line that is not key: value with the file and line', () => {
    assertFileError(() => parseConfigYaml('a: 1\nparallelism.default:4\n', 'flink-conf.yaml'), 'flink-conf.yaml', 2,
      /'parallelism.default:4' is not a 'key: value' line; write the key, a colon, a space and the value/)
    assertFileError(() => parseConfigYaml('a: 1\nb:\n', 'flink-conf.yaml'), 'flink-conf.yaml', 2,
      /not a 'key: value' line/)
  })

  it('can be chosen explicitly for a file with another name', () => {
    assert.deepEqual(parseConfigYaml('a:b: c', 'custom.yaml', 'legacy'),
      [{ key: 'a:b', value: 'c', origin: 'custom.yaml:1' }])
  })
})

describe('configFileFormatOf', () => {
  it('picks legacy for flink-conf.yaml and standard YAML for anything else', () => {
    assert.equal(configFileFormatOf('/opt/flink/conf/flink-conf.yaml'), 'legacy')
    assert.equal(configFileFormatOf('/opt/flink/conf/config.yaml'), 'standard')
  })
})

describe('readConfigYaml', () => {
  it('reads and parses a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-config-'))
    try {
      const path = join(dir, 'config.yaml')
      writeFileSync(path, 'rest:\n  port: 9000\n')
      assert.deepEqual(readConfigYaml(path), [{ key: 'rest.port', value: '9000', origin: `${path}:2` }])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reports a file that cannot be read', () => {
    const path = join(tmpdir(), 'sluice-no-such-dir', 'config.yaml')
    assertFileError(() => readConfigYaml(path), path, undefined, /the file cannot be read \(ENOENT.*\); check the path/)
  })
})
