import type { Configuration } from '../config/configuration.js'
import {
  METRICS_SCOPE_JM, METRICS_SCOPE_JM_JOB, METRICS_SCOPE_OPERATOR, METRICS_SCOPE_TASK, METRICS_SCOPE_TM,
  METRICS_SCOPE_TM_JOB,
} from '../config/options/metric-options.js'

/** Flink's scope variables (ScopeFormat), written with their angle brackets as in formats and reporters' tags. */
export const SCOPE_VARIABLES = Object.freeze({
  host: '<host>',
  tmId: '<tm_id>',
  jobId: '<job_id>',
  jobName: '<job_name>',
  taskId: '<task_id>',
  taskName: '<task_name>',
  subtaskIndex: '<subtask_index>',
  operatorId: '<operator_id>',
  operatorName: '<operator_name>',
})

/** The separator of scope format components, whatever delimiter a reporter later joins them with. */
const FORMAT_SEPARATOR = '.'

/**
 * One scope format such as `<host>.taskmanager.<tm_id>`: components that are a whole `<variable>` are replaced by
 * the variable's value, others are literal; a leading `*` stands for the parent group's scope (Flink's ScopeFormat).
 */
export class ScopeFormat {
  readonly format: string
  readonly #template: readonly string[]

  constructor(format: string) {
    this.format = format
    this.#template = Object.freeze(format.split(FORMAT_SEPARATOR))
  }

  /** The scope components for these variable values; unknown variables stay as written. */
  bind(variables: ReadonlyMap<string, string>, parentComponents: readonly string[] = []): readonly string[] {
    const components: string[] = []
    this.#template.forEach((component, index) => {
      if (index === 0 && component === '*') components.push(...parentComponents)
      else if (isVariable(component)) components.push(variables.get(component) ?? component)
      else components.push(component)
    })
    return Object.freeze(components)
  }
}

function isVariable(component: string): boolean {
  return component.length > 2 && component.startsWith('<') && component.endsWith('>')
}

/** The scope formats of every group kind Sluice registers (metrics.scope.*). */
export interface ScopeFormats {
  readonly jobManager: ScopeFormat
  readonly jobManagerJob: ScopeFormat
  readonly taskManager: ScopeFormat
  readonly taskManagerJob: ScopeFormat
  readonly task: ScopeFormat
  readonly operator: ScopeFormat
}

/** The scope formats configured under metrics.scope.*, with Flink's defaults. */
export function scopeFormatsFrom(configuration: Configuration): ScopeFormats {
  return Object.freeze({
    jobManager: new ScopeFormat(configuration.get(METRICS_SCOPE_JM)),
    jobManagerJob: new ScopeFormat(configuration.get(METRICS_SCOPE_JM_JOB)),
    taskManager: new ScopeFormat(configuration.get(METRICS_SCOPE_TM)),
    taskManagerJob: new ScopeFormat(configuration.get(METRICS_SCOPE_TM_JOB)),
    task: new ScopeFormat(configuration.get(METRICS_SCOPE_TASK)),
    operator: new ScopeFormat(configuration.get(METRICS_SCOPE_OPERATOR)),
  })
}
