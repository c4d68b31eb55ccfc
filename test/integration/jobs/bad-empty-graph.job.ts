// A default export that builds nothing at all (no source, no sink).
import { defineJob } from '../../../src/index.js'

export default defineJob(() => {})
