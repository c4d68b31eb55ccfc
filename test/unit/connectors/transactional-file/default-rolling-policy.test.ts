import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DefaultRollingPolicy, type PartFileInfo } from '../../../../src/connectors/transactional-file/default-rolling-policy.js'
import { SluiceError } from '../../../../src/errors.js'
import { ManualClock } from '../../../support/manual-clock.js'

const MiB = 1024 * 1024

/** A part file opened now, with `sizeBytes` written at once. */
function aPartOpenedAt(clock: ManualClock, sizeBytes = 100): PartFileInfo & { lastWrittenAtMs: number } {
  return { sizeBytes, createdAtMs: clock.relativeMs(), lastWrittenAtMs: clock.relativeMs() }
}

describe('DefaultRollingPolicy', () => {
  it('defaults to Flink\'s: 128 MiB, rolled over after 60 s, or after 60 s without a record', () => {
    const policy = new DefaultRollingPolicy()
    assert.deepEqual(
      { size: policy.maxPartSizeBytes, rollover: policy.rolloverIntervalMs, inactivity: policy.inactivityIntervalMs },
      { size: 128 * MiB, rollover: 60_000, inactivity: 60_000 })
  })

  it('rolls on a record once the part file holds the maximum size, not a byte before', () => {
    const policy = new DefaultRollingPolicy({ maxPartSizeBytes: 1000 })
    const clock = new ManualClock(0)
    assert.equal(policy.shouldRollOnEvent(aPartOpenedAt(clock, 999)), false)
    assert.equal(policy.shouldRollOnEvent(aPartOpenedAt(clock, 1000)), true)
    assert.equal(policy.shouldRollOnEvent(aPartOpenedAt(clock, 1500)), true)
  })

  it('rolls on time a part file as old as the rollover interval, however recently it was written to', () => {
    const policy = new DefaultRollingPolicy({ rolloverIntervalMs: 10_000, inactivityIntervalMs: 5_000 })
    const clock = new ManualClock(1_000)
    const part = aPartOpenedAt(clock)
    for (let written = 0; written < 9; written++) {
      clock.advance(1_000)
      part.lastWrittenAtMs = clock.relativeMs()
      assert.equal(policy.shouldRollOnProcessingTime(part, clock.relativeMs()), false, `${clock.relativeMs()} ms`)
    }
    clock.advance(999)
    assert.equal(policy.shouldRollOnProcessingTime(part, clock.relativeMs()), false)
    clock.advance(1)
    assert.equal(policy.shouldRollOnProcessingTime(part, clock.relativeMs()), true)
  })

  it('rolls on time a young part file that went without a record for the inactivity interval', () => {
    const policy = new DefaultRollingPolicy({ rolloverIntervalMs: 60_000, inactivityIntervalMs: 5_000 })
    const clock = new ManualClock(0)
    const part = aPartOpenedAt(clock)
    clock.advance(3_000)
    part.lastWrittenAtMs = clock.relativeMs()
    clock.advance(4_999)
    assert.equal(policy.shouldRollOnProcessingTime(part, clock.relativeMs()), false)
    clock.advance(1)
    assert.equal(policy.shouldRollOnProcessingTime(part, clock.relativeMs()), true)
  })

  it('never rolls on time by size, nor on a record by age', () => {
    const policy = new DefaultRollingPolicy({ maxPartSizeBytes: 10, rolloverIntervalMs: 1_000, inactivityIntervalMs: 1_000 })
    const clock = new ManualClock(0)
    const large = aPartOpenedAt(clock, 50)
    assert.equal(policy.shouldRollOnProcessingTime(large, clock.relativeMs()), false)
    const small = aPartOpenedAt(clock, 5)
    clock.advance(5_000)
    assert.equal(policy.shouldRollOnEvent(small), false)
  })

  it('rolls at every check with an interval of 0 (Flink\'s OnCheckpointRollingPolicy)', () => {
    const clock = new ManualClock(0)
    const part = aPartOpenedAt(clock)
    assert.equal(new DefaultRollingPolicy({ rolloverIntervalMs: 0 }).shouldRollOnProcessingTime(part, clock.relativeMs()), true)
    assert.equal(new DefaultRollingPolicy({ inactivityIntervalMs: 0 }).shouldRollOnProcessingTime(part, clock.relativeMs()), true)
  })

  it('refuses a size below 1 byte, negative or fractional intervals, and non-numbers, naming the option', () => {
    for (const [options, name] of [
      [{ maxPartSizeBytes: 0 }, 'maxPartSizeBytes'],
      [{ maxPartSizeBytes: 1.5 }, 'maxPartSizeBytes'],
      [{ rolloverIntervalMs: -1 }, 'rolloverIntervalMs'],
      [{ rolloverIntervalMs: Number.NaN }, 'rolloverIntervalMs'],
      [{ inactivityIntervalMs: '60s' as unknown as number }, 'inactivityIntervalMs'],
    ] as const) {
      assert.throws(() => new DefaultRollingPolicy(options), (error: unknown) =>
        error instanceof SluiceError && error.code === 'SLUICE_JOB_INVALID_CONNECTOR_ARGUMENT' && error.message.includes(`rollingPolicy.${name}`),
      JSON.stringify(options))
    }
  })
})
