import { durationOption } from '../config-option.js'

/** `slot.request.timeout`: how long a job attempt may take to get its subtasks deployed and running. */
export const SLOT_REQUEST_TIMEOUT = durationOption('slot.request.timeout', 60_000,
  'How long the workers of a job attempt get to start, load the job module and start every subtask; past it the ' +
  'attempt fails (SLUICE_DEPLOYMENT_TIMEOUT) and the restart strategy decides what follows. Flink bounds the slot ' +
  'request with this key (default 5 min); Sluice starts worker threads on one machine and defaults to 1 min.',
  { minMs: 1 })
