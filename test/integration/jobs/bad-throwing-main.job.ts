// The job's main throws before it builds any pipeline (e.g. a missing job argument).
import { defineJob } from '../../../src/index.js'

export default defineJob((_env, args) => {
  if (!args.includes('--input')) throw new Error('missing required job argument --input')
})
