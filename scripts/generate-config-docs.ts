// Regenerates docs/config.md from the configuration registry; test/unit/config/config-docs.test.ts fails on a diff.
// Run: node --import tsx scripts/generate-config-docs.ts
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderConfigDocs } from '../src/config/config-docs.js'
import { configRegistry } from '../src/config/options/all-options.js'

const target = fileURLToPath(new URL('../docs/config.md', import.meta.url))
writeFileSync(target, renderConfigDocs(configRegistry))
console.log(`wrote ${target}`)
