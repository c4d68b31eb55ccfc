import type { SavepointOperation } from '../savepoint-operations.js'
import type { FlinkJson } from '../messages/flink-json.js'

/**
 * Flink's AsynchronousOperationResult of a savepoint: `{"status":{"id":"IN_PROGRESS"|"COMPLETED"},"operation":...}`,
 * the operation `{"location"}` or, when it failed, `{"failure-cause":{"class","stack-trace","serialized-throwable"}}`.
 */
export function asyncOperationOf(operation: SavepointOperation): FlinkJson {
  switch (operation.status) {
    case 'IN_PROGRESS':
      return { status: { id: 'IN_PROGRESS' }, operation: null }
    case 'COMPLETED':
      return { status: { id: 'COMPLETED' }, operation: { location: operation.location } }
    case 'FAILED':
      return {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: operation.errorName,
            'stack-trace': `${operation.errorName}: ${operation.message}`,
            // Flink's is a serialized Java exception; Sluice's is the message, base64-encoded the same way
            'serialized-throwable': Buffer.from(operation.message, 'utf8').toString('base64'),
          },
        },
      }
  }
}
