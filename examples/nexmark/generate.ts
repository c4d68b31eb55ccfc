// Writes the Nexmark events themselves as JSON lines: {"person":{...}}, {"auction":{...}} or {"bid":{...}}.
import { defineJob } from 'sluice'
import { nexmarkStream, parseNexmarkArgs, sinkResults } from './nexmark-job.js'

export default defineJob((env, rawArgs) => {
  const args = parseNexmarkArgs(rawArgs)
  sinkResults(nexmarkStream(env, args), args)
})
