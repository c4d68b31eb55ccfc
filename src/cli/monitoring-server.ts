import type { Configuration } from '../config/configuration.js'
import {
  ACCESS_CONTROL_ALLOW_ORIGIN, REFRESH_INTERVAL, REST_ADDRESS, REST_ALLOWED_HOSTS, REST_PORT,
} from '../config/options/rest-options.js'
import type { JobMaster } from '../coordinator/job/job-master.js'
import { ServedJob } from '../rest/served-job.js'
import { DefaultProcessMetricsProvider } from '../rest/process-metrics-provider.js'
import { createRestRouter } from '../rest/rest-endpoint.js'
import { RestServer } from '../rest/rest-server.js'
import type { Clock } from '../util/clock.js'

/** The REST API of one `sluice run` process and the jobs it serves. */
export interface MonitoringServer {
  readonly url: string
  /** Makes a submitted job visible over REST. */
  addJob(jobMaster: JobMaster, configEntries: readonly { key: string; value: string }[]): ServedJob
  close(): Promise<void>
}

/** Binds the REST API at rest.address:rest.port before the job starts, so a taken port fails before any work is done. */
export async function startMonitoringServer(configuration: Configuration, clock: Clock): Promise<MonitoringServer> {
  const jobs = new Map<string, ServedJob>()
  let endpoint = ''
  const router = createRestRouter({
    jobs,
    clock,
    processMetrics: new DefaultProcessMetricsProvider(),
    refreshIntervalMs: configuration.get(REFRESH_INTERVAL),
    endpoint: () => endpoint,
  })
  const server = await RestServer.start({
    address: configuration.get(REST_ADDRESS),
    port: configuration.get(REST_PORT),
    router,
    allowedHosts: configuration.get(REST_ALLOWED_HOSTS),
    accessControlAllowOrigin: configuration.get(ACCESS_CONTROL_ALLOW_ORIGIN),
  })
  endpoint = `${server.address}:${server.port}`
  return {
    url: server.url,
    addJob(jobMaster, configEntries) {
      const job = new ServedJob(jobMaster, configuration, configEntries, clock)
      jobs.set(job.jobId, job)
      return job
    },
    close: () => server.close(),
  }
}
