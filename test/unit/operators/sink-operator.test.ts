import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sink, SinkWriterContext, StatefulSink, StatefulSinkWriter } from '../../../src/api/sink.js'
import { TransactionalFileSink } from '../../../src/connectors/transactional-file/transactional-file-sink.js'
import { SinkOperator } from '../../../src/operators/sink-operator.js'
import { UserMetricRegistry } from '../../../src/runtime/metrics/user-metric-registry.js'
import { OperatorRuntimeContext } from '../../../src/runtime/task/operator-runtime-context.js'
import { ManualClock } from '../../support/manual-clock.js'
import { ManualProcessingTimeService } from '../../support/manual-processing-time-service.js'
import { CollectingOutput } from '../../support/testing-keyed-operator-harness.js'

/** A SinkOperator set up as subtask `subtaskIndex` of `parallelism`, not opened yet. */
function aSinkOperator<T>(sink: Sink<T>, options: { subtaskIndex?: number; parallelism?: number; isCheckpointingEnabled?: boolean } = {}) {
  const { subtaskIndex = 0, parallelism = 1, isCheckpointingEnabled = true } = options
  const operator = new SinkOperator<T>('Committed Rows', sink)
  operator.setup({
    output: new CollectingOutput(),
    runtimeContext: new OperatorRuntimeContext('Committed Rows', subtaskIndex, parallelism, 128, 0, undefined,
      new UserMetricRegistry('Committed Rows', 'sink', subtaskIndex).group),
    keyedStateBackend: undefined,
    processingTimeService: new ManualProcessingTimeService(0),
    timeServiceManager: undefined,
    isCheckpointingEnabled,
  })
  return operator
}

describe('SinkOperator', () => {
  let root: string
  let count = 0
  const freshDir = (): string => join(root, `out-${count++}`)
  const committedRows = (dir: string): number[] => readdirSync(dir).filter((name) => !name.startsWith('.')).sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line !== '').map(Number))
  const committedFiles = (dir: string): string[] => readdirSync(dir).filter((name) => !name.startsWith('.')).sort()
  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

  before(() => { root = mkdtempSync(join(tmpdir(), 'sluice-sink-operator-')) })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  it('keeps a part file open across checkpoints, recording it in each, and commits it once a checkpoint that rolled it completes', () => {
    const dir = freshDir()
    const clock = new ManualClock(0)
    const operator = aSinkOperator(new TransactionalFileSink<number>(dir, { clock, rollingPolicy: { rolloverIntervalMs: 1_000 } }))
    operator.open()
    for (let checkpointId = 1; checkpointId <= 4; checkpointId++) {
      operator.processElement(checkpointId, Number.NaN)
      clock.advance(300)
      const state = operator.snapshotState(checkpointId) as { pending: unknown[]; writerState: unknown[] }
      assert.deepEqual([state.pending.length, state.writerState.length], checkpointId < 4 ? [0, 1] : [1, 0], `checkpoint ${checkpointId}`)
      operator.notifyCheckpointComplete(checkpointId)
    }
    assert.deepEqual(committedFiles(dir), ['part-0-0.jsonl'], 'one file for four checkpoints')
    assert.deepEqual(committedRows(dir), [1, 2, 3, 4])
    operator.close()
  })

  for (const [from, to] of [[2, 2], [2, 1], [2, 3]] as const) {
    it(`commits every row once after a crash past the last completed checkpoint, restored from parallelism ${from} at ${to}`, () => {
      const dir = freshDir()
      const clock = new ManualClock(0)
      const sink = () => new TransactionalFileSink<number>(dir, { clock, rollingPolicy: { rolloverIntervalMs: 1_000 } })
      // subtask i writes the rows i*1000+1 …; rows up to 6 are before checkpoint 2, which completes but is never
      // notified; checkpoint 1 rolled rows 1…3 (not committed yet either); rows 7…9 come after it and are lost
      const states = range(0, from - 1).map((subtaskIndex) => {
        const operator = aSinkOperator(sink(), { subtaskIndex, parallelism: from })
        operator.open()
        const row = (n: number) => subtaskIndex * 1000 + n
        for (const n of range(1, 3)) operator.processElement(row(n), Number.NaN)
        clock.advance(1_000)
        operator.snapshotState(1)
        for (const n of range(4, 6)) operator.processElement(row(n), Number.NaN)
        const checkpoint2 = operator.snapshotState(2)
        for (const n of range(7, 9)) operator.processElement(row(n), Number.NaN)
        operator.snapshotState(3)
        // the attempt dies here: no close, no notification
        return checkpoint2
      })
      assert.deepEqual(committedFiles(dir), [])

      // the restart restores checkpoint 2 at parallelism `to`: former subtask j goes to j % to, and the source replays rows 7…
      for (let subtaskIndex = 0; subtaskIndex < to; subtaskIndex++) {
        const operator = aSinkOperator(sink(), { subtaskIndex, parallelism: to })
        operator.initializeState(states.filter((_, j) => j % to === subtaskIndex))
        operator.open()
        for (const j of range(0, from - 1).filter((j) => j % to === subtaskIndex)) {
          for (const n of range(7, 12)) operator.processElement(j * 1000 + n, Number.NaN)
        }
        operator.endInput()
        operator.snapshotState(4)
        operator.notifyCheckpointComplete(4)
        operator.close()
      }
      const expected = range(0, from - 1).flatMap((j) => range(1, 12).map((n) => j * 1000 + n))
      assert.deepEqual(committedRows(dir).sort((a, b) => a - b), expected)
      assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.')), [], 'no hidden file left behind')
    })
  }

  it('restores the writer with the writer states assigned to it, and creates a fresh one for a subtask that starts anew', () => {
    const calls: string[] = []
    const writer: StatefulSinkWriter<number, string> = {
      write: () => {}, flush: () => {}, close: () => {}, snapshotState: (checkpointId) => [`state of ${checkpointId}`],
    }
    const sink: StatefulSink<number, string> = {
      createWriter: (context: SinkWriterContext) => { calls.push(`create ${context.subtaskIndex}`); return writer },
      restoreWriter: (context, recovered) => { calls.push(`restore ${context.subtaskIndex} ${JSON.stringify(recovered)}`); return writer },
    }
    const fresh = aSinkOperator(sink)
    fresh.open()
    const snapshot = fresh.snapshotState(7)
    assert.deepEqual(snapshot, { pending: [], writerState: ['state of 7'] })
    const restored = aSinkOperator(sink, { subtaskIndex: 1, parallelism: 2 })
    // a checkpoint taken before writers had state holds no writerState: the writer is restored with none
    restored.initializeState([snapshot, { pending: [] }])
    restored.open()
    assert.deepEqual(calls, ['create 0', 'restore 1 ["state of 7"]'])
  })

  it('commits everything at end of input when the job runs without checkpoints', () => {
    const dir = freshDir()
    const operator = aSinkOperator(new TransactionalFileSink<number>(dir), { isCheckpointingEnabled: false })
    operator.open()
    for (const n of range(1, 5)) operator.processElement(n, Number.NaN)
    operator.endInput()
    operator.close()
    assert.deepEqual(committedRows(dir), [1, 2, 3, 4, 5])
  })
})
