// Worker threads do not inherit the main thread's TypeScript loader in Node 20: register tsx
// here, then load the worker's real entry point.
import { register } from 'tsx/esm/api'

register()
await import('./worker-main.ts')
