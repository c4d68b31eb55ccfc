import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CliUsageError } from '../../../src/errors.js'
import { jobIdArgument, parseClusterArguments } from '../../../src/cli/cluster-arguments.js'

describe('parseClusterArguments', () => {
  it('defaults -m to 127.0.0.1:8081, where sluice run serves by default', () => {
    assert.equal(parseClusterArguments('list', []).address, '127.0.0.1:8081')
  })

  it('takes -m / --jobmanager, the verb\'s flags and options under any spelling, in any order', () => {
    const parsed = parseClusterArguments('stop', ['-p', '/tmp/sp', 'abc', '--jobmanager', 'localhost:9000'], { valueOptions: [['--savepointPath', '-p']] })
    assert.deepEqual({ ...parsed, options: [...parsed.options], flags: [...parsed.flags] },
      { address: 'localhost:9000', options: [['--savepointPath', '/tmp/sp']], flags: [], positionals: ['abc'] })
  })

  it('rejects an unknown option and a -m without a value', () => {
    assert.throws(() => parseClusterArguments('cancel', ['--force']), (e: unknown) => e instanceof CliUsageError && /unknown option '--force' for 'cancel'/.test(e.message))
    assert.throws(() => parseClusterArguments('cancel', ['-m']), CliUsageError)
  })

  // these used to be sent, and answered as "nothing is listening at ..."
  it('rejects a -m that is no address, saying how to write one', () => {
    for (const address of ['127.0.0.1:99999', 'local host:8081']) {
      assert.throws(() => parseClusterArguments('list', ['-m', address]), (e: unknown) => e instanceof CliUsageError &&
        e.message === `'${address}' is not a REST address; write host:port (a port from 1 to 65535), e.g. -m 127.0.0.1:8081 (see 'sluice --help')`)
    }
    assert.equal(parseClusterArguments('list', ['-m', 'http://127.0.0.1:8081/']).address, 'http://127.0.0.1:8081/')
  })
})

describe('jobIdArgument', () => {
  it('accepts 32 hexadecimal characters, lower-casing them', () => {
    assert.equal(jobIdArgument('cancel', 'ABCDEF0123456789abcdef0123456789'), 'abcdef0123456789abcdef0123456789')
  })

  it('rejects a missing or malformed id, pointing at sluice list', () => {
    assert.throws(() => jobIdArgument('cancel', undefined), (e: unknown) => e instanceof CliUsageError && /'sluice list'/.test(e.message))
    assert.throws(() => jobIdArgument('cancel', 'abc'), (e: unknown) => e instanceof CliUsageError && /'abc' is not a job id/.test(e.message))
  })
})
