import type { RestContext } from './rest-context.js'
import { checkpointRoutes } from './routes/checkpoint-routes.js'
import { clusterRoutes } from './routes/cluster-routes.js'
import { jobRoutes } from './routes/job-routes.js'
import { savepointRoutes } from './routes/savepoint-routes.js'
import { vertexRoutes } from './routes/vertex-routes.js'
import { Router } from './router.js'

/** The router of every monitoring endpoint Sluice serves, over one context. */
export function createRestRouter(context: RestContext): Router {
  return new Router([
    ...clusterRoutes(context),
    ...jobRoutes(context),
    ...checkpointRoutes(context),
    ...vertexRoutes(context),
    ...savepointRoutes(context),
  ])
}
