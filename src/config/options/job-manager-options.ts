import { durationOption } from '../config-option.js'

/** `slot.request.timeout`: how long a job attempt may take to get its subtasks deployed and running. */
export const SLOT_REQUEST_TIMEOUT = durationOption('slot.request.timeout', 60_000,
  'How long the workers of a job attempt get to start, load the job module and start every subtask before the ' +
  'attempt fails with SLUICE_DEPLOYMENT_TIMEOUT (Flink bounds its slot requests with this key, by default 5 min; ' +
  'Sluice starts worker threads on one machine, 1 min by default).',
  { minMs: 1 })
