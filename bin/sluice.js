#!/usr/bin/env node
// The `sluice` command: registers the TypeScript loader (jobs and Sluice itself are .ts), then runs the CLI.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
