/** Flink's ExecutionState, as far as a Sluice subtask goes through it within one job attempt. */
export type ExecutionState = 'DEPLOYING' | 'RUNNING' | 'FINISHED'
