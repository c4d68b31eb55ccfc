import { cpus } from 'node:os'
import { getHeapStatistics } from 'node:v8'

/** Basic metrics of the coordinator process, under the names Flink's JobManager registers (`Status.JVM.*`). */
export interface ProcessMetrics {
  readonly heapUsedBytes: number
  readonly heapCommittedBytes: number
  readonly heapMaxBytes: number
  readonly nonHeapUsedBytes: number
  /** Share of the machine's CPU this process used since the previous sample, 0..1 (Flink's Status.JVM.CPU.Load). */
  readonly cpuLoad: number
  /** CPU time used by the process, ns (Flink's Status.JVM.CPU.Time). */
  readonly cpuTimeNs: number
}

/** Supplies ProcessMetrics; an interface so tests and other runtimes can substitute their own. */
export interface ProcessMetricsProvider {
  sample(): ProcessMetrics
}

/** Reads the metrics of this Node.js process (process.memoryUsage, v8 heap statistics, process.cpuUsage). */
export class DefaultProcessMetricsProvider implements ProcessMetricsProvider {
  #previousCpuMicros = sumCpu(process.cpuUsage())
  #previousAtMs = performance.now()
  #lastLoad = 0

  sample(): ProcessMetrics {
    const memory = process.memoryUsage()
    const cpuMicros = sumCpu(process.cpuUsage())
    const nowMs = performance.now()
    const elapsedMs = nowMs - this.#previousAtMs
    // a sample right after the previous one has no meaningful rate: keep the last load
    if (elapsedMs >= 100) {
      this.#lastLoad = Math.min(1, Math.max(0, (cpuMicros - this.#previousCpuMicros) / 1000 / elapsedMs / Math.max(1, cpus().length)))
      this.#previousCpuMicros = cpuMicros
      this.#previousAtMs = nowMs
    }
    return {
      heapUsedBytes: memory.heapUsed,
      heapCommittedBytes: memory.heapTotal,
      heapMaxBytes: getHeapStatistics().heap_size_limit,
      nonHeapUsedBytes: memory.external + memory.arrayBuffers,
      cpuLoad: this.#lastLoad,
      cpuTimeNs: cpuMicros * 1000,
    }
  }
}

function sumCpu(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system
}
