import { asyncOperationOf } from '../responses/async-operation-responses.js'
import { RestBadRequestError, RestNotFoundError } from '../../errors.js'
import { hexIdParameter, jobOf, type RestContext } from '../rest-context.js'
import type { RestRoute } from '../router.js'

/** Savepoint trigger and status, and stop-with-savepoint (Flink's SavepointHandlers and StopWithSavepointHandlers). */
export function savepointRoutes(context: RestContext): RestRoute[] {
  return [
    {
      method: 'POST', path: '/jobs/:jobid/savepoints', handler: (request) => {
        const job = jobOf(context, request)
        const body = objectBody(request.body)
        const targetDirectory = optionalString(body, 'target-directory')
        const isCancelJob = optionalBoolean(body, 'cancel-job') ?? false
        const triggerId = job.savepoints.trigger(() => (isCancelJob
          ? job.jobMaster.stopWithSavepoint(targetDirectory)
          : job.jobMaster.triggerSavepoint(targetDirectory)))
        return { status: 202, body: { 'request-id': triggerId } }
      },
    },
    {
      method: 'POST', path: '/jobs/:jobid/stop', handler: (request) => {
        const job = jobOf(context, request)
        const body = objectBody(request.body)
        const targetDirectory = optionalString(body, 'targetDirectory')
        const drain = optionalBoolean(body, 'drain') ?? false
        const triggerId = job.savepoints.trigger(() => job.jobMaster.stopWithSavepoint(targetDirectory, { drain }))
        return { status: 202, body: { 'request-id': triggerId } }
      },
    },
    {
      method: 'GET', path: '/jobs/:jobid/savepoints/:triggerid', handler: (request) => {
        const job = jobOf(context, request)
        const triggerId = hexIdParameter(request, 'triggerid')
        const operation = job.savepoints.get(triggerId)
        if (operation === undefined) throw new RestNotFoundError(`There is no savepoint operation with trigger id ${triggerId} for job ${job.jobId}.`)
        return { status: 200, body: asyncOperationOf(operation) }
      },
    },
  ]
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RestBadRequestError('Request body must be a JSON object.')
  return body as Record<string, unknown>
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '') throw new RestBadRequestError(`Request body field '${field}' must be a non-empty string.`)
  return value
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new RestBadRequestError(`Request body field '${field}' must be true or false.`)
  return value
}
