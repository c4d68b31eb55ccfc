import type { JobVertex } from '../../graph/job-graph.js'
import { CURRENT_INPUT_WATERMARK } from '../../metrics/metric-names.js'
import { vertexBackPressureOf } from '../responses/backpressure-responses.js'
import { metricValueString } from '../messages/flink-json.js'
import {
  aggregatedMetricsOf, metricCollectionOf, requestedAggregations, requestedMetricNames, requestedSubtasks, subtaskMetricValues,
  userMetricValues,
} from '../responses/metric-responses.js'
import { vertexDetailsOf, vertexMetricsOf } from '../responses/vertex-responses.js'
import type { ServedJob } from '../served-job.js'
import { RestNotFoundError } from '../../errors.js'
import { hexIdParameter, jobOf, type RestContext } from '../rest-context.js'
import type { RestRequest, RestRoute } from '../router.js'

/** `/jobs/:jobid/vertices/:vertexid` and its metrics, subtask metrics, backpressure and watermarks. */
export function vertexRoutes(context: RestContext): RestRoute[] {
  const now = () => context.clock.nowMs()
  return [
    {
      method: 'GET', path: '/jobs/:jobid/vertices/:vertexid', handler: (request) => {
        const { job, vertex } = vertexOf(context, request)
        return { status: 200, body: vertexDetailsOf(job, vertex, now(), context.endpoint()) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/vertices/:vertexid/metrics', handler: (request) => {
        const { job, vertex } = vertexOf(context, request)
        // the vertex store keys task metrics as <subtask index>.<name>
        const values = new Map<string, number | string>()
        for (const m of vertexMetricsOf(job, vertex.id)) {
          for (const [name, value] of subtaskMetricValues(m)) values.set(`${m.subtaskIndex}.${name}`, value)
        }
        // and the operators' user metrics as <subtask index>.<operator name>.<name>
        const operatorNames = new Map(vertex.operators.map((operator) => [operator.operatorId, operator.node.name]))
        for (const [name, value] of userMetricValues(job.jobMaster.userMetrics(), operatorNames)) values.set(name, value)
        return { status: 200, body: metricCollectionOf(values, requestedMetricNames(request.query)) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/vertices/:vertexid/subtasks/metrics', handler: (request) => {
        const { job, vertex } = vertexOf(context, request)
        const names = requestedMetricNames(request.query)
        const aggregations = requestedAggregations(request.query)
        const subtasks = requestedSubtasks(request.query, vertex.parallelism)
        const components = vertexMetricsOf(job, vertex.id).filter((m) => subtasks.has(m.subtaskIndex)).map(subtaskMetricValues)
        return { status: 200, body: aggregatedMetricsOf(components, names, aggregations) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/vertices/:vertexid/backpressure', handler: (request) => {
        const { job, vertex } = vertexOf(context, request)
        return { status: 200, body: vertexBackPressureOf(vertexMetricsOf(job, vertex.id), now()) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/vertices/:vertexid/watermarks', handler: (request) => {
        const { job, vertex } = vertexOf(context, request)
        return {
          status: 200,
          body: vertexMetricsOf(job, vertex.id).map((m) => ({
            id: `${m.subtaskIndex}.${CURRENT_INPUT_WATERMARK}`, value: metricValueString(m.currentInputWatermark),
          })),
        }
      },
    },
  ]
}

function vertexOf(context: RestContext, request: RestRequest): { job: ServedJob; vertex: JobVertex } {
  const job = jobOf(context, request)
  const vertexId = hexIdParameter(request, 'vertexid')
  const vertex = job.jobMaster.jobGraph.vertices.find((v) => v.id === vertexId)
  if (vertex === undefined) throw new RestNotFoundError(`JobVertex ${vertexId} not found in job ${job.jobId}.`)
  return { job, vertex }
}
