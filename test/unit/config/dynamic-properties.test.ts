import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseDynamicProperties } from '../../../src/config/dynamic-properties.js'
import { MalformedDynamicPropertyError } from '../../../src/errors.js'

describe('parseDynamicProperties', () => {
  it('reads -Dkey=value with origin -D', () => {
    assert.deepEqual(parseDynamicProperties(['-Dparallelism.default=4']), {
      entries: [{ key: 'parallelism.default', value: '4', origin: '-D' }],
      remainingArgs: [],
    })
  })

  it('reads -D key=value as two arguments', () => {
    assert.deepEqual(parseDynamicProperties(['-D', 'execution.checkpointing.interval=10 s']).entries,
      [{ key: 'execution.checkpointing.interval', value: '10 s', origin: '-D' }])
  })

  it('keeps everything after the first = in the value, including more = signs and an empty value', () => {
    assert.deepEqual(parseDynamicProperties(['-Dpipeline.name=a=b', '-Dpipeline.name=']).entries.map((e) => e.value),
      ['a=b', ''])
  })

  it('passes other arguments on in order and stops at --', () => {
    assert.deepEqual(parseDynamicProperties(['run', '-Da=1', 'job.ts', '--', '-Dnot=config']), {
      entries: [{ key: 'a', value: '1', origin: '-D' }],
      remainingArgs: ['run', 'job.ts', '--', '-Dnot=config'],
    })
  })

  it('rejects -D without =, saying how to write it', () => {
    assert.throws(() => parseDynamicProperties(['-Dparallelism.default']), (error: unknown) => {
      assert.ok(error instanceof MalformedDynamicPropertyError)
      assert.equal(error.code, 'SLUICE_CONFIG_MALFORMED_PROPERTY')
      assert.equal(error.argument, '-Dparallelism.default')
      assert.equal(error.message, "malformed dynamic property '-Dparallelism.default': it has no '=' between key " +
        'and value; write -D<key>=<value> or -D <key>=<value>, e.g. -Dparallelism.default=4')
      return true
    })
    assert.throws(() => parseDynamicProperties(['-D', 'parallelism.default']),
      /'-D parallelism.default': it has no '='/)
  })

  it('rejects an empty key and a trailing -D', () => {
    assert.throws(() => parseDynamicProperties(['-D=4']), /the key before '=' is empty/)
    assert.throws(() => parseDynamicProperties(['run', '-D']), /'-D' is the last argument/)
  })
})
