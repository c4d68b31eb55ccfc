// The layers of src/ and which way their imports may go (STYLE.md's dependency direction, as docs/architecture.md
// states it after issue #10). `npm run lint` runs it in CI; test/contract/layering.test.ts checks that every source
// file is read, so that a file the cruiser cannot parse is not silently left out.

/** A layer: a folder (or file) below src/, with what lies below it. */
const layer = (name) => `^src/${name}(/|\\.ts$)`

/** What each layer may import besides itself, util/ and errors.ts (type-only imports included). */
const ALLOWED = {
  util: [],
  config: [],
  graph: ['config'],
  state: ['config'],
  // the user contracts (functions, sources, sinks, windowing, metrics); the keyed-state API is part of them, as in Flink
  api: ['state'],
  protocol: ['graph', 'state', 'metrics'],
  operators: ['api', 'state', 'protocol', 'graph'],
  connectors: ['api', 'protocol'],
  datastream: ['api', 'operators', 'connectors', 'graph', 'config', 'state'],
  metrics: ['config'],
  // workers run user code: they build the job's graph again (job/job-loader) and run its operators
  runtime: ['protocol', 'graph', 'state', 'metrics', 'config', 'operators', 'api', 'job/job-loader'],
  coordinator: ['protocol', 'graph', 'state', 'metrics', 'config'],
  // the wire format, which the dashboard and the doctor may import: it depends on nothing
  'rest/messages': [],
  rest: ['rest/messages', 'coordinator', 'metrics', 'graph', 'config'],
  'job/job-loader': ['datastream', 'graph', 'config'],
}
/** Layers nested in another one's folder: the outer layer's rule does not apply to them. */
const NESTED = { rest: ['rest/messages'], job: ['job/job-loader'] }
/** Composition roots: they wire everything together, and nothing in src/ imports them. */
const COMPOSITION_ROOTS = '^src/(cli/|index\\.ts$|job/submit-job\\.ts$)'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle (the fluent DataStream API, whose classes return one another, is the one exception).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/datastream/' },
      to: { circular: true },
    },
    {
      name: 'composition-roots-are-not-imported',
      comment: 'cli/, index.ts and job/submit-job.ts wire the layers together; no layer may depend on them.',
      severity: 'error',
      from: { path: '^src/', pathNot: COMPOSITION_ROOTS },
      to: { path: COMPOSITION_ROOTS },
    },
  ],
  allowedSeverity: 'error',
  allowed: [
    // packages and Node's own modules
    { from: {}, to: { pathNot: '^src/' } },
    { from: { path: COMPOSITION_ROOTS }, to: { path: '^src/' } },
    ...Object.entries(ALLOWED).map(([name, targets]) => ({
      comment: `${name} may import ${targets.length === 0 ? 'only itself, util/ and errors.ts' : targets.join(', ')}`,
      from: { path: layer(name), ...(NESTED[name] !== undefined ? { pathNot: NESTED[name].map(layer) } : {}) },
      to: { path: [name, ...targets, 'util', 'errors'].map(layer) },
    })),
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // type-only imports count: a layer must not even know the types of the layers above it
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
}
