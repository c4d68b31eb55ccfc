import type { CheckpointStatsEntry, CheckpointStatsSnapshot } from '../../coordinator/checkpoint/checkpoint-stats-snapshot.js'
import {
  checkpointConfigOf, checkpointingStatisticsOf, checkpointStatisticsOf, taskCheckpointStatisticsWithSubtasksOf,
} from '../responses/checkpoint-responses.js'
import type { ServedJob } from '../served-job.js'
import { RestNotFoundError } from '../../errors.js'
import { hexIdParameter, integerParameter, jobOf, type RestContext } from '../rest-context.js'
import type { RestRequest, RestRoute } from '../router.js'

/** `/jobs/:jobid/checkpoints`, its `config`, and the details of one checkpoint and of one vertex in it. */
export function checkpointRoutes(context: RestContext): RestRoute[] {
  return [
    { method: 'GET', path: '/jobs/:jobid/checkpoints', handler: (request) => ({ status: 200, body: checkpointingStatisticsOf(statsOf(jobOf(context, request))) }) },
    {
      method: 'GET', path: '/jobs/:jobid/checkpoints/config', handler: (request) => {
        const job = jobOf(context, request)
        const stats = job.jobMaster.checkpointStats
        if (stats === undefined) throw new RestNotFoundError(`Checkpointing is not enabled for this job (${job.jobId}).`)
        return { status: 200, body: checkpointConfigOf(stats.snapshot().configuration, job.config.stateBackendName) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/checkpoints/details/:checkpointid', handler: (request) => {
        const job = jobOf(context, request)
        return { status: 200, body: checkpointStatisticsOf(checkpointOf(statsOf(job), request), true) }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid', handler: (request) => {
        const job = jobOf(context, request)
        const entry = checkpointOf(statsOf(job), request)
        const vertexId = hexIdParameter(request, 'vertexid')
        const vertexStats = entry.perVertex[vertexId]
        if (vertexStats === undefined) throw new RestNotFoundError(`There is no checkpoint statistics for task ${vertexId} in checkpoint ${entry.checkpointId}.`)
        return { status: 200, body: taskCheckpointStatisticsWithSubtasksOf(entry, vertexStats) }
      },
    },
  ]
}

function statsOf(job: ServedJob): CheckpointStatsSnapshot {
  const stats = job.jobMaster.checkpointStats
  if (stats === undefined) throw new RestNotFoundError('Checkpointing has not been enabled.')
  return stats.snapshot()
}

/** A checkpoint still in the history (the latest web.checkpoints.history ones, or a latest one), else 404 as Flink. */
function checkpointOf(snapshot: CheckpointStatsSnapshot, request: RestRequest): CheckpointStatsEntry {
  const checkpointId = integerParameter(request, 'checkpointid')
  const { latest } = snapshot
  const entry = [...snapshot.history, latest.completed, latest.savepoint, latest.failed].find((e) => e?.checkpointId === checkpointId)
  if (entry === undefined) throw new RestNotFoundError(`Could not find checkpointing statistics for checkpoint ${checkpointId}.`)
  return entry
}
