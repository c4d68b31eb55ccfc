// Contract: the Flink REST schemas Sluice's responses are checked against agree with what real Flink clusters
// returned (recordings of Flink 1.9 to 1.15). Older versions lack fields newer ones added, so a missing field is
// fine; a field of another type, or a name neither the schema nor the list of dropped legacy names knows, is not.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { checkSchema, type CheckMode } from '../support/flink-rest-schema.js'
import { FLINK_REST_SCHEMAS } from '../support/flink-rest-schemas.js'

const RECORDINGS = new URL('../fixtures/flink-rest-recordings/', import.meta.url)

/** Names Flink wrote before 2.0 and dropped since (`host` → `endpoint`, `@class` → `className`, FLINK-35227 `execution-mode`). */
const OLDER_FLINK: CheckMode = { isMissingAnError: false, isUnknownAnError: true, legacyFields: ['host', '@class', 'execution-mode'] }

const CASES: readonly { file: string; schema: keyof typeof FLINK_REST_SCHEMAS }[] = [
  { file: 'otel-1.14-job.json', schema: '/jobs/:jobid' },
  { file: 'streampark-1.15-job.json', schema: '/jobs/:jobid' },
  { file: 'otel-1.14-vertex.json', schema: '/jobs/:jobid/vertices/:vertexid' },
  { file: 'otel-1.14-jobs-overview.json', schema: '/jobs/overview' },
  { file: 'streampark-1.15-jobs-overview.json', schema: '/jobs/overview' },
  { file: 'otel-1.14-job-metrics.json', schema: 'metric values' },
  { file: 'streampark-1.15-checkpoints.json', schema: '/jobs/:jobid/checkpoints' },
  { file: 'streampark-1.13-checkpoints.json', schema: '/jobs/:jobid/checkpoints' },
  { file: 'streampark-1.15-checkpoints-config.json', schema: '/jobs/:jobid/checkpoints/config' },
  { file: 'soojae-1.9-checkpoint-details.json', schema: '/jobs/:jobid/checkpoints/details/:checkpointid' },
  { file: 'platform-1.12-backpressure.json', schema: '/jobs/:jobid/vertices/:vertexid/backpressure' },
]

describe('Flink REST schemas against real Flink responses', () => {
  for (const { file, schema } of CASES) {
    it(`${file} fits the schema of ${schema}`, () => {
      const recording: unknown = JSON.parse(readFileSync(new URL(file, RECORDINGS), 'utf8'))
      assert.deepEqual(checkSchema(recording, FLINK_REST_SCHEMAS[schema], '$', OLDER_FLINK), [])
    })
  }

  it('finds a field of the wrong type or an unknown name (the check can fail)', () => {
    const recording = JSON.parse(readFileSync(new URL('streampark-1.15-checkpoints-config.json', RECORDINGS), 'utf8')) as Record<string, unknown>
    const problems = checkSchema({ ...recording, interval: '10 s', intervalMs: 1 }, FLINK_REST_SCHEMAS['/jobs/:jobid/checkpoints/config'], '$', OLDER_FLINK)
    assert.deepEqual(problems, ['$.interval: expected integer, got string "10 s"', '$.intervalMs: not a field Flink has'])
  })
})
